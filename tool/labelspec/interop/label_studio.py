"""Label Studio labeling configs (XML): export a taxonomy as one, import one.

Export writes one object tag for the modality (``<Image name="image"
value="$image"/>`` and so on) and one control for the task kind: ``Choices``
for classification, or ``Taxonomy`` (nested ``Choice``) when the labels have a
hierarchy; ``RectangleLabels``, ``PolygonLabels``, ``BrushLabels`` and
``KeyPointLabels`` for images; ``Labels`` for text spans and audio segments;
``TimelineLabels`` for video segments and frames; ``VideoRectangle`` with
``Labels`` for video tracks and boxes; ``TextArea`` for transcription, with one
``Shortcut`` per label (the tag the transcriber inserts) and ``Labels`` to mark
where in the audio it happens. Control names are fixed per kind (``label``,
``taxonomy``, ...), because Label Studio ties a project's annotations to the
control's name and refuses a config that loses one still used.

**Label values.** A ``Label``/``Choice`` ``value`` is what annotators see and
what Label Studio stores in every result, so it is the label's display name.
Where a display name is ambiguous (two labels share it, or it is another
label's id) the label's id is written instead: the same rule by which
``labelspec relabel --format label-studio`` reads results (by id, or by display
name when that is unambiguous), so exported projects can be relabelled.
``hint`` holds the definition, ``category`` the stable ``index``,
``background`` the colour and ``hotkey`` the hotkey.

**Attributes** become per-region controls inside a ``<View
visibleWhen="region-selected" whenLabelValue="...">`` with a ``Header`` giving
the description: enum as ``Choices`` (radio), boolean as a ``Choices`` with one
choice (a checkbox), number as ``Number`` with ``min``/``max``, text as
``TextArea``. Attributes of every label have no ``whenLabelValue``. For
classification the controls describe the whole item, shown when the label is
chosen (``visibleWhen="choice-selected"``).

**Deprecated labels** stay in the config (Label Studio refuses a config that
drops a label still used) with a hint saying so. Label Studio has no attribute
that hides a ``Label`` or ``Choice``; a ``View`` inside a labels control is
allowed, so tombstones of flat controls sit in ``<View style="display:none">``.
A ``Taxonomy`` takes no ``View``: its tombstones stay selectable, and a note says so.

Import reads any config: the object and label controls, static ``Label`` and
``Choice`` values (``alias`` is what results hold, so it becomes the id),
``Taxonomy`` nesting, ``hint``, ``background``, ``hotkey``, ``category``, and
per-region controls as attributes. Dynamic labels (``value="$..."`` or
``apiUrl``), no static labels, unknown tags, empty labels controls and duplicate
values, which Label Studio's own validation lets through, are refused.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import yaml

from labelspec.errors import InputError, UsageError
from labelspec.interop import Exported, ExportOptions, Tool
from labelspec.interop.labelset import LabelSet, ToolLabel, labelset_of, slug
from labelspec.model import Attribute, Modality, Scalar, TaskKind, Taxonomy

_OBJECTS: dict[Modality, str] = {
    "image": "Image",
    "text": "Text",
    "audio": "Audio",
    "video": "Video",
}
_OBJECT_MODALITY: dict[str, Modality] = {
    "image": "image",
    "text": "text",
    "hypertext": "text",
    "paragraphs": "text",
    "audio": "audio",
    "audioplus": "audio",
    "video": "video",
}
# (modality, kind) -> the region control holding the labels; classification,
# transcription and video tracks are written by their own functions.
_REGION_CONTROLS: dict[tuple[Modality, TaskKind], str] = {
    ("image", "bounding-box"): "RectangleLabels",
    ("image", "polygon"): "PolygonLabels",
    ("image", "mask"): "BrushLabels",
    ("image", "keypoints"): "KeyPointLabels",
    ("text", "span"): "Labels",
    ("audio", "temporal-segment"): "Labels",
    ("video", "temporal-segment"): "TimelineLabels",
    ("video", "frame"): "TimelineLabels",
}
_LABEL_CONTROL_KINDS: dict[str, TaskKind] = {
    "rectanglelabels": "bounding-box",
    "polygonlabels": "polygon",
    "brushlabels": "mask",
    "keypointlabels": "keypoints",
    "timelinelabels": "temporal-segment",
    "ellipselabels": "bounding-box",
}
# Geometry tags that give a plain <Labels> on an image or video its kind.
_GEOMETRY_KINDS: dict[str, TaskKind] = {
    "videorectangle": "track",
    "rectangle": "bounding-box",
    "polygon": "polygon",
    "brush": "mask",
    "keypoint": "keypoints",
}
_KNOWN_TAGS = frozenset(
    tag.lower()
    for tag in [
        "View",
        "Header",
        "Style",
        "Text",
        "HyperText",
        "Image",
        "Audio",
        "AudioPlus",
        "Video",
        "Paragraphs",
        "Table",
        "TimeSeries",
        "Channel",
        "List",
        "Markdown",
        "Chat",
        "PDF",
        "ReactCode",
        "Labels",
        "Label",
        "Choices",
        "Choice",
        "Taxonomy",
        "RectangleLabels",
        "Rectangle",
        "PolygonLabels",
        "Polygon",
        "BrushLabels",
        "Brush",
        "KeyPointLabels",
        "KeyPoint",
        "EllipseLabels",
        "Ellipse",
        "HyperTextLabels",
        "ParagraphLabels",
        "TimeSeriesLabels",
        "TimelineLabels",
        "VideoRectangle",
        "BitmaskLabels",
        "Bitmask",
        "VectorLabels",
        "Vector",
        "MagicWand",
        "TextArea",
        "Number",
        "Rating",
        "DateTime",
        "Pairwise",
        "Ranker",
        "Bucket",
        "Relations",
        "Relation",
        "Shortcut",
        "Filter",
        "Collapse",
        "Panel",
        "Repeater",
    ]
)
_HIDDEN = "display:none"
_DEPRECATED_HINT = "Deprecated"


# ---- export ------------------------------------------------------------------


def export(taxonomy: Taxonomy, options: ExportOptions) -> Exported:
    labels = labelset_of(taxonomy, options.deprecated)
    modality, kind = taxonomy.task.modality, taxonomy.task.kind
    writer = _Writer(labels, _values(labels))
    obj = _OBJECTS[modality]
    writer.line(f"<{obj} name={_q(modality)} value={_q('$' + modality)}/>")
    if kind == "classification":
        writer.classification(modality)
    elif kind == "transcription":
        writer.transcription(modality)
    elif modality == "video" and kind in ("track", "bounding-box"):
        writer.line(f'<VideoRectangle name="box" toName={_q(modality)}/>')
        writer.labels_control("Labels", modality)
    elif (modality, kind) in _REGION_CONTROLS:
        writer.labels_control(_REGION_CONTROLS[modality, kind], modality)
    else:
        raise UsageError(f"Label Studio has no control for {kind} on {modality}")
    writer.attribute_controls(modality, per_region=kind != "classification")
    body = "\n".join("  " + line for line in writer.lines)
    header = "".join(f"<!-- {_comment(note)} -->\n" for note in writer.notes)
    return Exported(f"{header}<View>\n{body}\n</View>\n", writer.notes)


def _values(labels: LabelSet) -> dict[str, str]:
    """Label id -> the value written: the display name unless it is ambiguous."""
    names: dict[str, int] = {}
    for label in labels.labels.values():
        names[label.display_name] = names.get(label.display_name, 0) + 1
    return {
        label.id: label.display_name
        if names[label.display_name] == 1
        and (label.display_name == label.id or label.display_name not in labels.labels)
        else label.id
        for label in labels.labels.values()
    }


@dataclass
class _Writer:
    labels: LabelSet
    values: dict[str, str]
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    control: str = "label"

    def line(self, text: str, depth: int = 0) -> None:
        self.lines.append("  " * depth + text)

    def offered(self) -> tuple[list[ToolLabel], list[ToolLabel]]:
        """The labels annotators choose from, and the tombstones kept for old annotations."""
        tombstones = [label for label in self.labels.labels.values() if label.deprecated]
        return self.labels.assignable(), tombstones

    def labels_control(self, tag: str, modality: Modality) -> None:
        offered, tombstones = self.offered()
        _require(offered)
        multiple = ' choice="multiple"' if self.labels.multi_label else ""
        self.line(f'<{tag} name="label" toName={_q(modality)}{multiple}>')
        for label in offered:
            self.line(self.label_tag("Label", label), 1)
        self.tombstones("Label", tombstones)
        self.line(f"</{tag}>")
        self.note_flattened(offered)

    def tombstones(self, tag: str, tombstones: list[ToolLabel]) -> None:
        if not tombstones:
            return
        self.line(f'<View style="{_HIDDEN}">', 1)
        for label in tombstones:
            self.line(self.label_tag(tag, label), 2)
        self.line("</View>", 1)

    def note_flattened(self, offered: list[ToolLabel]) -> None:
        offered_ids = {label.id for label in offered}
        parents = {parent for label in offered for parent in label.parents}
        left_out = [
            label.id
            for label in self.labels.active()
            if label.id not in offered_ids and label.id in parents
        ]
        if left_out:
            self.notes.append(
                "Label Studio region labels are flat: the parent labels "
                + ", ".join(left_out)
                + " are left out and the hierarchy is not in the config"
            )

    def label_tag(self, tag: str, label: ToolLabel, close: bool = True) -> str:
        attributes = {"value": self.values[label.id]}
        hint = label.definition
        if label.deprecated:
            instead = [self.values.get(target, target) for target in label.replaced_by]
            use = f"; use {', '.join(instead)}" if instead else ""
            hint = f"{_DEPRECATED_HINT}{use}. {hint or ''}".strip()
        if hint:
            attributes["hint"] = hint
        if label.index is not None:
            attributes["category"] = str(label.index)
        if label.color:
            attributes["background"] = label.color
        if label.hotkey:
            attributes["hotkey"] = label.hotkey
        text = " ".join(f"{key}={_q(value)}" for key, value in attributes.items())
        return f"<{tag} {text}{'/' if close else ''}>"

    def classification(self, modality: Modality) -> None:
        labels = self.labels
        if any(label.parents for label in labels.active()):
            self.taxonomy_control(modality)
            return
        offered, tombstones = self.offered()
        _require(offered)
        choice = "multiple" if labels.multi_label else "single"
        self.line(f'<Choices name="label" toName={_q(modality)} choice="{choice}">')
        for label in offered:
            self.line(self.label_tag("Choice", label), 1)
        self.tombstones("Choice", tombstones)
        self.line("</Choices>")

    def taxonomy_control(self, modality: Modality) -> None:
        labels = self.labels
        options = f' leafsOnly="{str(labels.leaf_only).lower()}"'
        if not labels.multi_label:
            options += ' maxUsages="1"'
        self.control = "taxonomy"
        self.line(f'<Taxonomy name="taxonomy" toName={_q(modality)}{options}>')
        children: dict[str | None, list[ToolLabel]] = {}
        for label in labels.labels.values():
            # A parent left out (a tombstone under --no-deprecated) must not take its children along.
            placed = [parent for parent in label.parents if parent in labels.labels]
            parent = placed[0] if placed else None
            children.setdefault(parent, []).append(label)
            if len(label.parents) > 1:
                self.notes.append(
                    f"'{label.id}' has parents {', '.join(label.parents)}; a Label Studio "
                    f"Taxonomy holds one place per label, so it sits under {label.parents[0]}"
                )
        self.nested(children, None, 1)
        self.line("</Taxonomy>")
        abstract = [label.id for label in labels.active() if label.abstract]
        if abstract and not labels.leaf_only:
            self.notes.append(
                "Label Studio cannot make single Taxonomy nodes unselectable: the abstract "
                f"labels {', '.join(abstract)} can be chosen"
            )
        if any(label.deprecated for label in labels.labels.values()):
            self.notes.append(
                "a Label Studio Taxonomy cannot hide choices: deprecated labels stay "
                "selectable, marked 'Deprecated' in their hint"
            )

    def nested(
        self, children: dict[str | None, list[ToolLabel]], parent: str | None, depth: int
    ) -> None:
        for label in children.get(parent, []):
            below = children.get(label.id)
            if below:
                self.line(self.label_tag("Choice", label, close=False), depth)
                self.nested(children, label.id, depth + 1)
                self.line("</Choice>", depth)
            else:
                self.line(self.label_tag("Choice", label), depth)

    def transcription(self, modality: Modality) -> None:
        offered, tombstones = self.offered()
        if offered:
            self.labels_control("Labels", modality)
        self.line(f'<TextArea name="transcription" toName={_q(modality)} editable="true">')
        for label in offered:
            self.line(
                f"<Shortcut value={_q(self.values[label.id])}"
                + (f" hotkey={_q(label.hotkey)}" if label.hotkey else "")
                + "/>",
                1,
            )
        self.line("</TextArea>")
        if tombstones:
            self.notes.append("deprecated labels have no shortcut in the transcription box")

    def attribute_controls(self, modality: Modality, per_region: bool) -> None:
        shared = self.labels.attributes
        for name, attribute in shared.items():
            self.attribute(name, attribute, modality, [], per_region)
        grouped: dict[str, tuple[Attribute, list[str]]] = {}
        for label in self.labels.active():
            for name, attribute in label.attributes.items():
                held, owners = grouped.setdefault(name, (attribute, []))
                if name in shared or held != attribute:
                    self.notes.append(
                        f"attribute '{name}' of '{label.id}' differs from another of that "
                        "name; Label Studio control names are unique, so it is left out"
                    )
                    continue
                owners.append(self.values[label.id])
                if "," in self.values[label.id]:
                    self.notes.append(
                        f"'{self.values[label.id]}' has a comma, which splits Label Studio's "
                        f"whenLabelValue: attribute '{name}' shows for the wrong labels"
                    )
        for name, (attribute, owners) in grouped.items():
            if owners:
                self.attribute(name, attribute, modality, owners, per_region)

    def attribute(
        self,
        name: str,
        attribute: Attribute,
        modality: Modality,
        owners: list[str],
        per_region: bool,
    ) -> None:
        when = f" whenLabelValue={_q(','.join(owners))}" if owners else ""
        if per_region:
            self.line(f'<View visibleWhen="region-selected"{when}>')
        else:
            # Shown once the item is classified (as one of the owners, if any).
            shown_for = f" whenChoiceValue={_q(','.join(owners))}" if owners else ""
            self.line(
                f'<View visibleWhen="choice-selected" whenTagName="{self.control}"{shown_for}>'
            )
        self.line(f"<Header value={_q(_header(name, attribute))}/>", 1)
        scope = f"name={_q(name)} toName={_q(modality)}" + (
            ' perRegion="true"' if per_region else ""
        )
        if attribute.type in ("enum", "boolean"):
            values = attribute.values if attribute.type == "enum" and attribute.values else [name]
            kind = "single-radio" if attribute.type == "enum" else "multiple"
            self.line(f'<Choices {scope} choice="{kind}" showInline="true">', 1)
            for value in values:
                chosen = attribute.default == value or (
                    attribute.type == "boolean" and attribute.default is True
                )
                selected = ' selected="true"' if chosen else ""
                self.line(f"<Choice value={_q(_scalar(value))}{selected}/>", 2)
            self.line("</Choices>", 1)
        elif attribute.type == "number":
            limits = "".join(
                f" {key}={_q(_scalar(value))}"
                for key, value in (
                    ("min", attribute.min),
                    ("max", attribute.max),
                    ("defaultValue", attribute.default),
                )
                if value is not None
            )
            self.line(f"<Number {scope}{limits}/>", 1)
        else:
            self.line(f'<TextArea {scope} maxSubmissions="1"/>', 1)
            if attribute.default is not None:
                self.notes.append(
                    f"the default of text attribute '{name}' has no place in Label Studio"
                )
        self.line("</View>")
        if attribute.mutable:
            self.notes.append(
                f"attribute '{name}' is mutable; Label Studio has no per-frame attributes"
            )


def _require(offered: list[ToolLabel]) -> None:
    # Label Studio accepts an empty labels control; annotators could then do nothing.
    if not offered:
        raise UsageError("no label can be assigned, so the Label Studio control would be empty")


def _header(name: str, attribute: Attribute) -> str:
    return f"{name}: {attribute.description}" if attribute.description else name


def _scalar(value: Scalar | float) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _q(value: str) -> str:
    """A double-quoted, escaped XML attribute: the SDK finds names with regular
    expressions over double quotes, so single quotes must never be chosen."""
    return '"' + escape(value, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}) + '"'


def _comment(text: str) -> str:
    return text.replace("--", "- -")


# ---- import ------------------------------------------------------------------


def read(text: str, source: str) -> LabelSet:
    root = _parse(_config_xml(text, source), source)
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag.lower() not in _KNOWN_TAGS:
            raise InputError(f"{source}: <{element.tag}> is not a Label Studio tag")
    reader = _Reader(root, parents, source)
    return reader.labelset()


def _config_xml(text: str, source: str) -> str:
    """The XML of a config: the text itself, or the ``config:`` of a Label Studio
    template file (``config.yml``: a title, a description and the XML)."""
    if text.lstrip().startswith("<"):
        return text
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError:
        document = None
    config = document.get("config") if isinstance(document, dict) else None
    if not isinstance(config, str):
        raise InputError(f"{source}: neither labeling-config XML nor a template with 'config:'")
    return config


def _parse(text: str, source: str) -> ET.Element:
    # The standard parser expands internal entities; a labeling config never
    # needs a DTD, so refuse one before parsing (no entity expansion bombs).
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE):
        raise InputError(f"{source}: a DTD or entity declaration; Label Studio configs have none")
    try:
        return ET.fromstring(text)
    except ET.ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        raise InputError(f"{source}:{line}:{column + 1}: malformed XML: {reason}") from None


@dataclass
class _Reader:
    root: ET.Element
    parents: dict[ET.Element, ET.Element]
    source: str
    labels: dict[str, ToolLabel] = field(default_factory=dict)
    by_value: dict[str, ToolLabel] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def labelset(self) -> LabelSet:
        controls = [element for element in self.root.iter() if self.holds_labels(element)]
        for control in controls:
            self.refuse_dynamic(control)
        if not controls:
            raise InputError(
                f"{self.source}: no control with static labels (Labels, Choices, Taxonomy, ...)"
            )
        first = controls[0]
        modality = self.modality_of(first)
        result = LabelSet(labels=self.labels, modality=modality, notes=self.notes)
        result.kind = self.kind_of(first, modality)
        tag = first.tag.lower()
        if tag == "taxonomy":
            result.leaf_only = first.get("leafsOnly", "false").lower() == "true"
            result.multi_label = first.get("maxUsages") != "1"
        else:
            result.leaf_only = True
            result.multi_label = first.get("choice", "single") == "multiple"
        for control in controls:
            self.read_control(control)
        if not self.labels:
            raise InputError(f"{self.source}: the labels controls hold no static labels")
        self.read_attributes(result, set(map(id, controls)))
        return result

    def holds_labels(self, element: ET.Element) -> bool:
        tag = element.tag.lower()
        if tag == "taxonomy" or tag.endswith("labels"):
            return True
        if tag == "choices":
            return not self.is_attribute(element)
        if tag == "textarea":
            return element.find("Shortcut") is not None and not self.is_attribute(element)
        return False

    def is_attribute(self, element: ET.Element) -> bool:
        """A per-region control, or one shown only when another choice is made."""
        if element.get("perRegion", "").lower() == "true":
            return True
        node: ET.Element | None = element
        while node is not None:
            if node.get("visibleWhen") in (
                "region-selected",
                "choice-selected",
                "choice-unselected",
            ):
                return True
            node = self.parents.get(node)
        return False

    def refuse_dynamic(self, control: ET.Element) -> None:
        value = control.get("value", "")
        if value.startswith("$") or control.get("apiUrl"):
            where = value or control.get("apiUrl")
            raise InputError(
                f'{self.source}: <{control.tag} name="{control.get("name")}"> loads its labels '
                f"from {where} (dynamic labels); only static labels can be imported"
            )

    def modality_of(self, control: ET.Element) -> Modality | None:
        target = control.get("toName", "").split(",")[0]
        for element in self.root.iter():
            modality = _OBJECT_MODALITY.get(element.tag.lower())
            if modality is not None and element.get("name") == target:
                return modality
        return None

    def kind_of(self, control: ET.Element, modality: Modality | None) -> TaskKind | None:
        tag = control.tag.lower()
        if tag in ("choices", "taxonomy"):
            return "classification"
        if tag == "textarea":
            return "transcription"
        if tag in _LABEL_CONTROL_KINDS:
            return _LABEL_CONTROL_KINDS[tag]
        if tag != "labels":
            return None
        if any(
            element.tag.lower() == "textarea" and not self.is_attribute(element)
            for element in self.root.iter()
        ):
            return "transcription"
        if modality == "text":
            return "span"
        if modality == "audio":
            return "temporal-segment"
        tags = {element.tag.lower() for element in self.root.iter()}
        for geometry, kind in _GEOMETRY_KINDS.items():
            if geometry in tags:
                return kind
        return "temporal-segment" if modality == "video" else None

    def read_control(self, control: ET.Element) -> None:
        seen: set[str] = set()
        items = control.iter("Shortcut") if control.tag.lower() == "textarea" else None
        if items is not None:
            for item in items:
                self.add(item, None, seen, control)
            return
        self.read_children(control, None, seen, control)
        if not seen:
            raise InputError(
                f'{self.source}: <{control.tag} name="{control.get("name")}"> has no labels'
            )

    def read_children(
        self, node: ET.Element, parent: str | None, seen: set[str], control: ET.Element
    ) -> None:
        for child in node:
            tag = child.tag.lower()
            if tag in ("label", "choice"):
                label = self.add(child, parent, seen, control)
                self.read_children(child, label.id, seen, control)
            elif tag == "view":
                self.read_children(child, parent, seen, control)

    def add(
        self, item: ET.Element, parent: str | None, seen: set[str], control: ET.Element
    ) -> ToolLabel:
        value = item.get("alias") or item.get("value")
        if not value:
            raise InputError(f"{self.source}: a <{item.tag}> in <{control.tag}> without a value")
        if value in seen:
            raise InputError(
                f'{self.source}: <{control.tag} name="{control.get("name")}"> has the value '
                f"'{value}' twice"
            )
        seen.add(value)
        known = self.by_value.get(value)
        if known is not None:
            return known  # the same label in another control (boxes and polygons alike)
        shown = item.get("value") or value
        label_id = slug(value)
        while label_id in self.labels:
            label_id += "-2"
        hint = item.get("hint")
        hidden = self.hidden(item)
        # A Taxonomy cannot hide a choice, so there the hint is the only mark.
        marked = control.tag.lower() == "taxonomy" and (hint or "").startswith(_DEPRECATED_HINT)
        deprecated = hidden or marked
        label = ToolLabel(
            id=label_id,
            name=shown if shown != label_id else None,
            parents=[parent] if parent else [],
            definition=_definition(hint) if deprecated else hint,
            index=int(item.get("category", "")) if item.get("category", "").isdigit() else None,
            color=self.color(item, label_id),
            hotkey=item.get("hotkey"),
            deprecated=deprecated,
        )
        self.labels[label_id] = label
        self.by_value[value] = label
        if shown != value:
            self.by_value.setdefault(shown, label)
        return label

    def color(self, item: ET.Element, label_id: str) -> str | None:
        written = item.get("background") or item.get("color")
        found = _hex_color(written)
        if written and found is None:
            self.notes.append(
                f"the colour {written!r} of '{label_id}' is not #rrggbb or rgb(): not kept"
            )
        return found

    def hidden(self, item: ET.Element) -> bool:
        node = self.parents.get(item)
        while node is not None and node.tag.lower() == "view":
            if _HIDDEN in (node.get("style") or "").replace(" ", ""):
                return True
            node = self.parents.get(node)
        return False

    def read_attributes(self, result: LabelSet, controls: set[int]) -> None:
        for element in self.root.iter():
            if id(element) in controls or not self.is_attribute(element):
                continue
            attribute = self.attribute_of(element)
            name = element.get("name")
            if attribute is None or not name:
                continue
            owners = self.owners(element)
            if not owners:
                result.attributes[name] = attribute
            for label in owners:
                label.attributes[name] = attribute

    def attribute_of(self, element: ET.Element) -> Attribute | None:
        tag = element.tag.lower()
        description = self.description(element)
        if tag == "choices":
            self.refuse_dynamic(element)
            choices = [c for c in element.iter() if c.tag.lower() == "choice"]
            values = _scalars([c.get("alias") or c.get("value") or "" for c in choices])
            if len(values) == 1:
                # A checkbox is false until ticked.
                checked = choices[0].get("selected") == "true"
                return Attribute(type="boolean", default=checked, description=description)
            chosen = [
                v for c, v in zip(choices, values, strict=True) if c.get("selected") == "true"
            ]
            return Attribute(
                type="enum",
                values=values,
                default=chosen[0] if chosen else None,
                description=description,
            )
        if tag == "number":
            return Attribute(
                type="number",
                min=_number(element.get("min")),
                max=_number(element.get("max")),
                default=_number(element.get("defaultValue")),
                description=description,
            )
        if tag == "textarea":
            return Attribute(type="text", description=description or element.get("placeholder"))
        return None

    def description(self, element: ET.Element) -> str | None:
        """The text of the Header our exports put before an attribute control."""
        wrapper = self.parents.get(element)
        if wrapper is None or wrapper.tag.lower() != "view" or wrapper.get("visibleWhen") is None:
            return None
        header = wrapper.find("Header")
        name = element.get("name", "")
        text = header.get("value", "") if header is not None else ""
        prefix = f"{name}: "
        return text[len(prefix) :] if text.startswith(prefix) else None

    def owners(self, element: ET.Element) -> list[ToolLabel]:
        node: ET.Element | None = element
        while node is not None:
            values = node.get("whenLabelValue") or node.get("whenChoiceValue")
            if values:
                found = [self.by_value.get(value.strip()) for value in values.split(",")]
                return [label for label in found if label is not None]
            node = self.parents.get(node)
        return []


def _definition(hint: str | None) -> str | None:
    """A tombstone's hint without the 'Deprecated; use X.' our exports put first."""
    if not hint or not hint.startswith(_DEPRECATED_HINT):
        return hint
    _, _, rest = hint.partition(". ")
    return rest or None


_RGB = re.compile(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)")


def _hex_color(value: str | None) -> str | None:
    """A colour as #rrggbb; named CSS colours are left out (the taxonomy keeps hex only)."""
    if not value:
        return None
    if re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        return value.lower()
    found = _RGB.match(value)
    if found:
        return "#" + "".join(f"{min(int(part), 255):02x}" for part in found.groups())
    return None


def _scalars(values: list[str]) -> list[Scalar]:
    """Choice values as the taxonomy wrote them: whole numbers when all are."""
    if values and all(re.fullmatch(r"-?\d+", value) for value in values):
        return [int(value) for value in values]
    return list(values)


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


TOOL = Tool(
    name="label-studio",
    title="Label Studio",
    suffix=".xml",
    export=export,
    read=read,
)
