"""The JSON Schema of the taxonomy format, generated from the models."""

from __future__ import annotations

import json

SCHEMA_ID = "https://labelspec.dev/schema/taxonomy.schema.json"


def taxonomy_schema() -> dict[str, object]:
    from labelspec.model import Taxonomy

    schema = Taxonomy.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "labelspec taxonomy",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def taxonomy_schema_json() -> str:
    return json.dumps(taxonomy_schema(), indent=2, ensure_ascii=False)
