"""Faithful conversions of real public taxonomies (../shared/corpora) into labelspec
taxonomies, written at test time: the corpus files are never copied into this
repository.

Each converter returns the taxonomy as a plain dict; :func:`write_taxonomy` dumps
it into ``<root>/taxonomy/<id>.yaml``. Freebase/WordNet ids become label ids
(lowercase, ``/`` and ``_`` to ``-``), so that ids stay stable and unique while
the human names go to ``name``.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import yaml

_ID_CHARS = re.compile(r"[^a-z0-9]+")


def label_id(source_id: str) -> str:
    """A Freebase MID (/m/0dgw9r) or a WordNet id (n01440764) as a label id."""
    return _ID_CHARS.sub("-", source_id.lower()).strip("-")


def _unique_ids(ids: list[str]) -> None:
    converted = [label_id(item) for item in ids]
    if len(set(converted)) != len(converted):
        raise ValueError("two source ids map to one label id")


def imagenet_taxonomy(corpora: Path) -> dict[str, Any]:
    """ImageNet-1k as a single-label image classification taxonomy.

    The 1,000 classes are the leaves (assignable, so exclusive); the 393 WordNet
    ancestors from the ovqa hierarchy are abstract grouping labels. Names are the
    class names of the widely used Keras class index (which repeats "crane" and
    "maillot", as ImageNet does); the other WordNet lemmas are aliases; the WordNet
    gloss is the definition; the ovqa single-parent hierarchy gives the parents.
    """
    folder = corpora / "imagenet" / "ovqa"
    nodes: dict[str, dict[str, Any]] = json.loads(
        (folder / "simple_imagenet_hierarchy_with_labels.json").read_text(encoding="utf-8")
    )
    index = json.loads((folder / "imagenet_class_index.json").read_text(encoding="utf-8"))
    class_names = {wnid: name.replace("_", " ") for wnid, name in index.values()}
    _unique_ids(list(nodes))
    labels: dict[str, dict[str, Any]] = {}
    # Parents first, so that the file reads top-down as a guideline would.
    for wnid in _top_down(nodes):
        node = nodes[wnid]
        is_class = wnid in class_names
        name = class_names[wnid] if is_class else node["name"]
        label: dict[str, Any] = {"name": name}
        if node.get("parent_id") in nodes:
            label["parent"] = label_id(node["parent_id"])
        if not is_class:
            label["abstract"] = True
        if node.get("definition"):
            label["definition"] = node["definition"]
        aliases = _aliases(name, node.get("lemmas", []))
        if aliases:
            label["aliases"] = aliases
        labels[label_id(wnid)] = label
    return {
        "taxonomy": "imagenet-1k",
        "title": "ImageNet-1k classes",
        "version": "1.0.0",
        "description": "ILSVRC 2012 classes with WordNet glosses (converted for a lint study).",
        "task": {"modality": "image", "kind": "classification"},
        "labels": labels,
    }


def _top_down(nodes: dict[str, dict[str, Any]]) -> list[str]:
    children: dict[str, list[str]] = {}
    roots = []
    for wnid, node in nodes.items():
        parent = node.get("parent_id")
        if parent in nodes:
            children.setdefault(parent, []).append(wnid)
        else:
            roots.append(wnid)
    order: list[str] = []
    stack = list(reversed(roots))
    while stack:
        wnid = stack.pop()
        order.append(wnid)
        stack.extend(reversed(children.get(wnid, [])))
    return order


def _aliases(name: str, lemmas: list[str]) -> list[str]:
    seen = {name.casefold()}
    aliases = []
    for lemma in lemmas:
        text = lemma.replace("_", " ")
        if text.casefold() not in seen:
            seen.add(text.casefold())
            aliases.append(text)
    return aliases


def audioset_taxonomy(corpora: Path) -> dict[str, Any]:
    """The AudioSet ontology: a multi-label audio classification DAG.

    Every class may be assigned (AudioSet labels clips with inner classes such as
    "Speech" too), so ``leaf_only`` is false; the "abstract" restriction becomes
    ``abstract: true``; "blacklist" classes (not used for the released labels) stay
    active with a note, since the format has no field for "not collected".
    """
    classes: list[dict[str, Any]] = json.loads(
        (corpora / "audioset" / "ontology.json").read_text(encoding="utf-8")
    )
    _unique_ids([item["id"] for item in classes])
    parents: dict[str, list[str]] = {}
    for item in classes:
        for child in item["child_ids"]:
            parents.setdefault(child, []).append(label_id(item["id"]))
    labels: dict[str, dict[str, Any]] = {}
    for item in classes:
        label: dict[str, Any] = {"name": item["name"]}
        found = parents.get(item["id"], [])
        if found:
            label["parent"] = found[0] if len(found) == 1 else found
        if "abstract" in item["restrictions"]:
            label["abstract"] = True
        definition = item["description"]
        if "blacklist" in item["restrictions"]:
            definition += " (Not used for the released AudioSet labels.)"
        label["definition"] = definition
        labels[label_id(item["id"])] = label
    return {
        "taxonomy": "audioset",
        "title": "AudioSet ontology",
        "version": "1.0.0",
        "task": {
            "modality": "audio",
            "kind": "classification",
            "multi_label": True,
            "leaf_only": False,
        },
        "labels": labels,
    }


def openimages_taxonomy(corpora: Path) -> dict[str, Any]:
    """The Open Images 600 boxable classes and their hierarchy.

    "Subcategory" edges are the is-a hierarchy and become parents (45 classes have
    several); "Part" edges (a wheel is part of a car) are not kinds and are left
    out. The root has no row in the names file and becomes the abstract "Entity".
    Inner classes are boxed too (a "Vehicle" box when the kind is unclear), so
    ``leaf_only`` is false.
    """
    folder = corpora / "openimages"
    raw = (folder / "class-descriptions-boxable.csv").read_bytes().decode("utf-8")
    # The file has CR-only line endings.
    rows = csv.reader(raw.replace("\r\n", "\n").replace("\r", "\n").splitlines())
    names = {row[0]: row[1] for row in rows if row}
    tree = json.loads((folder / "bbox_labels_600_hierarchy.json").read_text(encoding="utf-8"))
    parents: dict[str, list[str]] = {}
    order: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        mid = node["LabelName"]
        if mid not in parents:
            parents[mid] = []
            order.append(mid)
        for child in node.get("Subcategory", []):
            child_mid = child["LabelName"]
            parents.setdefault(child_mid, [])
            if child_mid not in order:
                order.append(child_mid)
            if label_id(mid) not in parents[child_mid]:
                parents[child_mid].append(label_id(mid))
            walk(child)

    walk(tree)
    _unique_ids(order)
    labels: dict[str, dict[str, Any]] = {}
    for mid in order:
        label: dict[str, Any] = {"name": names.get(mid, "Entity")}
        found = parents[mid]
        if found:
            label["parent"] = found[0] if len(found) == 1 else found
        else:
            label["abstract"] = True
        labels[label_id(mid)] = label
    return {
        "taxonomy": "openimages",
        "title": "Open Images boxable classes",
        "version": "1.0.0",
        "task": {"modality": "image", "kind": "bounding-box", "leaf_only": False},
        "labels": labels,
    }


def write_taxonomy(data: dict[str, Any], root: Path) -> Path:
    """Dump ``data`` to ``root/taxonomy/<id>.yaml`` (block style, file order kept)."""
    path = root / "taxonomy" / f"{data['taxonomy']}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000),
        encoding="utf-8",
    )
    return path
