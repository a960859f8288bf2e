#!/usr/bin/env python3
"""Re-extracts discord.json from Discord's OpenAPI spec.

    python3 extract.py PATH/TO/openapi.json > discord.json

`roots` are the request bodies the sandbox validates, taken from the
spec's paths; `schemas` is every component schema they reference
(following `$ref`s), with the annotations `description`, `title` and
`x-discord-union` removed (properties that happen to be named
`description` or `title` stay). Keys are sorted, so a re-extract from the
same spec gives the same file.
"""

import json
import sys

# Validated body -> (path, method) of the request it is the body of. The
# guild command routes take the same bodies as the global ones.
ROOTS = {
    "CommandCreate": ("/applications/{application_id}/commands", "post"),
    "CommandEdit": ("/applications/{application_id}/commands/{command_id}", "patch"),
    "CommandOverwrite": ("/applications/{application_id}/commands", "put"),
    "InteractionCallback": ("/interactions/{interaction_id}/{interaction_token}/callback", "post"),
    "MemberUpdate": ("/guilds/{guild_id}/members/{user_id}", "patch"),
    "MessageCreate": ("/channels/{channel_id}/messages", "post"),
    "MessageEdit": ("/channels/{channel_id}/messages/{message_id}", "patch"),
    "WebhookEdit": ("/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", "patch"),
}

# Bodies whose spec schema is a union of which the sandbox takes one shape:
# a follow-up is an execute request (the spec also allows an update's).
FIXED_ROOTS = {
    "WebhookExecute": {"$ref": "#/components/schemas/IncomingWebhookRequestPartial"},
}

ANNOTATIONS = ("description", "title", "x-discord-union")
PREFIX = "#/components/schemas/"


def strip(node, names=False):
    """`node` without annotations; `names`: its keys are property names."""
    if isinstance(node, dict):
        return {
            key: strip(value, key == "properties" and not names)
            for key, value in node.items()
            if names or key not in ANNOTATIONS
        }
    if isinstance(node, list):
        return [strip(value) for value in node]
    return node


def references(node, found):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(PREFIX):
            found.add(ref[len(PREFIX):])
        for value in node.values():
            references(value, found)
    elif isinstance(node, list):
        for value in node:
            references(value, found)


def extract(spec):
    schemas = spec["components"]["schemas"]
    roots = {}
    for name, (path, method) in ROOTS.items():
        body = spec["paths"][path][method]["requestBody"]["content"]["application/json"]
        roots[name] = strip(body["schema"])
    roots.update(FIXED_ROOTS)
    todo, kept = set(), {}
    references(roots, todo)
    while todo:
        name = todo.pop()
        if name in kept:
            continue
        kept[name] = strip(schemas[name])
        references(kept[name], todo)
    return {"roots": roots, "schemas": kept}


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as file:
        spec = json.load(file)
    sys.stdout.write(json.dumps(extract(spec), indent=1, sort_keys=True, ensure_ascii=False))
