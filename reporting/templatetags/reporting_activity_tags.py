"""Template tags of the activity log's pages."""

from django import template

from ols_platform import fragments

register = template.Library()
register.simple_tag(fragments.submission_token_input, name="submission_token", takes_context=True)
