"""The OpenAPI schema tells the truth about errors and about what an update requires.

`document_errors` is a drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]). It adds to
every operation the error answers the API really gives, all with one `Error` body (`ols_platform.api`'s exception
handler: `detail`, `code`, optional `params`, and field errors beside them):
- 400 on writes (shape errors and the services' refusals, with the rule's `code`) and on reads taking a filter
  (`?version=x`);
- 401 (no or bad credentials) and 403 (no right, or no CSRF token with a session) everywhere;
- 404 where the path names an object, or a list is paginated (a page out of range);
- 409 (`conflict`) where a write takes a `version`, in the body or the query: someone saved in between;
- 429 everywhere (throttling).
The request bodies are documented as JSON, the API's contract; multipart too where a view uploads a file (it lists
its media types in `request_media_types`). DRF's parsers also read form-encoded bodies, but a form cannot tell `true` from `"true"` nor an
empty value from a missing one, so documenting it would promise types it cannot carry.
It also marks `version` required in the PUT/PATCH bodies of the views that refuse an update without it (a view
lists those methods in `version_required_on`); their request body gets its own component, so that a create, which
needs no version, keeps the plain one.
"""

import copy

from django.utils.translation import gettext_lazy as _

ERROR_COMPONENT = "Error"
ERROR_SCHEMA = {
    "type": "object",
    "description": "Erreur : `detail` pour les personnes (en français), `code` stable pour les programmes ; les "
    "erreurs de champ à côté, sous le nom du champ.",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "params": {"type": "object", "additionalProperties": {"type": "string"}},
    },
    "required": ["detail", "code"],
    "additionalProperties": True,
}
WRITES = ("post", "put", "patch", "delete")
VERSIONED = ("put", "patch", "delete")
# The optimistic-lock field of a body: `version`, or `row_version` where `version` names a document's version number
# (a mandate's); a view names its own in `version_field`.
LOCK_FIELDS = ("version", "row_version")
MESSAGES = {
    "400": _("Requête refusée : données invalides ou règle métier (voir `code`)."),
    "401": _("Authentification requise (jeton ou session)."),
    "403": _("Droit manquant pour cette action."),
    "404": _("Introuvable, ou hors des consortia de l'appelant·e."),
    "409": _("Conflit : l'objet a changé depuis la version lue (code `conflict`)."),
    "429": _("Trop de requêtes : réessayez plus tard."),
}


def _resolve(result, schema):
    ref = schema.get("$ref", "") if isinstance(schema, dict) else ""
    if ref.startswith("#/components/schemas/"):
        return result["components"]["schemas"].get(ref.rsplit("/", 1)[1], {})
    return schema or {}


def _takes_version(result, method, operation) -> bool:
    if method not in VERSIONED:
        return False
    if any(p.get("name") == "version" and p.get("in") == "query" for p in operation.get("parameters", [])):
        return True
    for media in operation.get("requestBody", {}).get("content", {}).values():
        properties = _resolve(result, media.get("schema")).get("properties", {})
        if any(name in properties and not properties[name].get("readOnly") for name in LOCK_FIELDS):
            return True
    return False


def _error_codes(result, path, method, operation) -> list[str]:
    codes = ["401", "403", "429"]
    paginated = any(p.get("name") == "page" for p in operation.get("parameters", []))
    if "{" in path or paginated:
        codes.append("404")
    filters = [p for p in operation.get("parameters", []) if p.get("in") == "query" and p.get("name") != "page"]
    if method in WRITES or filters:
        codes.append("400")
    if _takes_version(result, method, operation):
        codes.append("409")
    return codes


def _require_version(result, operation, field: str = "version") -> None:
    """Point the operation's body at a copy of its component with `field` (the lock) required."""
    schemas = result["components"]["schemas"]
    for media in operation.get("requestBody", {}).get("content", {}).values():
        ref = media.get("schema", {}).get("$ref", "")
        if not ref.startswith("#/components/schemas/"):
            continue
        name = ref.rsplit("/", 1)[1]
        versioned = f"{name}WithVersion"
        if versioned not in schemas:
            component = copy.deepcopy(schemas[name])
            component["required"] = sorted({*component.get("required", []), field})
            schemas[versioned] = component
        media["schema"] = {"$ref": f"#/components/schemas/{versioned}"}
    operation.setdefault("requestBody", {})["required"] = True


def _keep_media_types(operation, media_types) -> None:
    content = operation.get("requestBody", {}).get("content", {})
    for media in list(content):
        if media not in media_types:
            del content[media]


def document_errors(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    error_ref = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
    for path, methods in result.get("paths", {}).items():
        for method, operation in methods.items():
            if method not in ("get", *WRITES):
                continue
            responses = operation.setdefault("responses", {})
            for code in _error_codes(result, path, method, operation):
                responses.setdefault(
                    code, {"description": str(MESSAGES[code]), "content": {"application/json": {"schema": error_ref}}}
                )
    for path, _regex, method, view in generator.endpoints or []:
        required_on = getattr(getattr(view, "cls", None), "version_required_on", ())
        # The schema names the router's `{pk}` `{id}` (SCHEMA_COERCE_PATH_PK).
        operation = result.get("paths", {}).get(path.replace("{pk}", "{id}"), {}).get(method.lower())
        if operation is None:
            continue
        _keep_media_types(operation, getattr(getattr(view, "cls", None), "request_media_types", ("application/json",)))
        if method.lower() in required_on:
            _require_version(result, operation, getattr(view.cls, "version_field", "version"))
    return result
