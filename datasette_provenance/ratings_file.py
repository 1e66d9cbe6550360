"""The built-in rating provider: a ratings file named in the plugin configuration.

    plugins:
      datasette-provenance:
        ratings_file: ratings.csv     # or .json; relative to the working directory

The file's format is that of `datasette provenance ratings export` (see ratings_io).
"""
import os

from .hookspecs import hookimpl
from . import ratings_io


@hookimpl
def provenance_ratings(config):
    path = (config or {}).get("ratings_file")
    if not path:
        return None
    if not isinstance(path, str):  # (a number would be opened as a file descriptor)
        raise ratings_io.RatingsFileError(f"ratings_file must be a file name, not {path!r}")
    if not os.path.isabs(path) and not os.path.exists(path):
        # Read from the working directory (as Datasette serving the file would), not beside
        # the configuration: say which directory was searched.
        raise ratings_io.RatingsFileError(
            f"ratings_file {path!r}: no such file in the working directory {os.getcwd()} "
            "(a relative name is read from there; give an absolute path to read it from anywhere)")
    return ratings_io.read(path)
