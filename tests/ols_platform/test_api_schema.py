"""The OpenAPI schema tells the truth: integer ids, `version` required where the API requires it, the error answers
documented, and it is readable only by logged-in callers outside development."""

import pytest
import yaml
from django.core.management import call_command
from django.test import override_settings

ENDPOINT = "/api/v1/consortia/{consortium_id}"


@pytest.fixture(scope="module")
def schema(tmp_path_factory, django_db_blocker):
    path = tmp_path_factory.mktemp("schema") / "schema.yml"
    with django_db_blocker.unblock():
        # --validate --fail-on-warn: any warning or error of the generator or of the OpenAPI validator fails here.
        call_command("spectacular", validate=True, fail_on_warn=True, file=str(path))
    return yaml.safe_load(path.read_text())


def _component(schema, name):
    return schema["components"]["schemas"][name]


def _property(schema, component, field):
    prop = _component(schema, component)["properties"][field]
    if "$ref" in prop:
        return _component(schema, prop["$ref"].rsplit("/", 1)[1])
    return prop


def _body(schema, path, method):
    ref = schema["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return _component(schema, ref.rsplit("/", 1)[1])


def test_it_documents_ids_as_integers(schema):
    assert _property(schema, "BudgetLine", "structure")["type"] == "integer"
    assert _property(schema, "BudgetLine", "year") == {"enum": [1, 2], "type": "integer"}
    assert _property(schema, "Expense", "budget_line")["type"] == "integer"
    assert _property(schema, "StaffArrangement", "employer")["type"] == "integer"
    assert _property(schema, "StaffArrangement", "lines")["items"]["type"] == "integer"


def test_it_requires_version_on_the_updates_that_refuse_one_without_it(schema):
    for path in (f"{ENDPOINT}/budget-lines/{{id}}/", f"{ENDPOINT}/staff-arrangements/{{id}}/"):
        for method in ("put", "patch"):
            assert "version" in _body(schema, path, method)["required"], (path, method)
    # a create needs none
    assert "version" not in _body(schema, f"{ENDPOINT}/budget-lines/", "post").get("required", [])


def test_it_documents_the_error_answers(schema):
    line = schema["paths"][f"{ENDPOINT}/budget-lines/{{id}}/"]
    assert {"400", "401", "403", "404", "409"} <= set(line["patch"]["responses"])
    assert {"400", "401", "403", "404", "409"} <= set(line["delete"]["responses"])
    assert "409" not in schema["paths"]["/api/v1/users/{id}/"]["patch"]["responses"]
    assert {"401", "403", "404"} <= set(schema["paths"][f"{ENDPOINT}/expenses/"]["get"]["responses"])
    error = line["patch"]["responses"]["409"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}
    assert _component(schema, "Error")["required"] == ["detail", "code"]


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_it_needs_a_login_for_the_schema_and_the_docs_in_production(cast):
    anonymous = cast.client("anonymous")
    assert anonymous.get("/api/schema/").status_code == 401
    docs = anonymous.get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith("/accounts/login/")
    viewer = cast.client("viewer")
    assert viewer.get("/api/schema/").status_code == 200
    assert viewer.get("/api/docs/").status_code == 200


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_it_shows_the_schema_to_anyone_in_development(cast):
    assert cast.client("anonymous").get("/api/schema/").status_code == 200


def test_it_requires_the_row_version_on_a_mandates_updates(schema):
    path = f"{ENDPOINT}/mandates/{{id}}/"
    for method in ("put", "patch"):
        assert "row_version" in _body(schema, path, method)["required"], method
        assert "409" in schema["paths"][path][method]["responses"]
    assert "row_version" not in _body(schema, f"{ENDPOINT}/mandates/", "post").get("required", [])
    assert {f"{path}propose/", f"{path}amend/"} <= set(schema["paths"])
