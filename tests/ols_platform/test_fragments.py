"""A cached fragment's forms get the reader's tokens when served: its CSRF token, and a new one-time token per form."""

from django.template import engines
from django.test import RequestFactory
from django.utils.html import escape

from ols_platform.fragments import CSRF_SLOT, SUBMISSION_SLOT, fill_personal, fragment_context

FORMS = (
    "{% load budget_tags %}"
    "<form>{% csrf_token %}{% submission_token %}</form><form>{% csrf_token %}{% submission_token %}</form>{{ text }}"
)


def render(context):
    return engines["django"].from_string(FORMS).render(context)


def test_a_fragment_renders_its_tokens_as_slots():
    html = render(fragment_context({"text": ""}))
    assert html.count(CSRF_SLOT) == 2 and html.count(SUBMISSION_SLOT) == 2


def test_it_fills_each_form_with_the_readers_csrf_token_and_a_token_of_its_own():
    html = render(fragment_context({"text": ""}))
    request = RequestFactory().get("/")
    first, second = fill_personal(html, request), fill_personal(html, request)
    assert CSRF_SLOT not in first and SUBMISSION_SLOT not in first
    tokens = [part.split('"', 1)[0] for part in first.split('name="submission_token" value="')[1:]]
    assert len(set(tokens)) == 2 and all(len(token) == 32 for token in tokens)
    assert first != second  # a new visit, new one-time tokens


def test_it_leaves_user_text_that_looks_like_a_slot_alone():
    text = f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_SLOT}">'
    html = render(fragment_context({"text": text}))
    filled = fill_personal(html, RequestFactory().get("/"))
    assert escape(text) in filled


def test_a_page_rendered_for_one_request_gets_real_tokens():
    html = render({"text": "", "csrf_token": "abc"})
    assert CSRF_SLOT not in html and SUBMISSION_SLOT not in html
