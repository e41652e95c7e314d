"""Writes of the consortia app, one module per subject (structures, memberships, links, territories, consortium,
users, roles). Callers import the subject module (`from consortia.services import structures`): nothing is re-exported
here, so each write has one import path."""
