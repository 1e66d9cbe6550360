"""The built-in rating provider: a ratings file named in the plugin configuration.

    plugins:
      datasette-provenance:
        ratings_file: ratings.csv     # or .json; relative to the working directory

The file's format is that of `datasette provenance ratings export` (see ratings_io).
"""
from .hookspecs import hookimpl
from . import ratings_io


@hookimpl
def provenance_ratings(config):
    path = (config or {}).get("ratings_file")
    if not path:
        return None
    if not isinstance(path, str):  # (a number would be opened as a file descriptor)
        raise ratings_io.RatingsFileError(f"ratings_file must be a file name, not {path!r}")
    return ratings_io.read(path)
