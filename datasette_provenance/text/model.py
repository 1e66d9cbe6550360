"""Trained scorers for cue candidates and source heads (weights in models/).

Placeholder until a model is trained: no model means the rules decide.
"""
from __future__ import annotations


def load_model():
    return None
