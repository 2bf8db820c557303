"""The lint rules' documentation, generated from the rule registry.

Each rule's docstring (What it does / Why is this bad? / Example / Use instead)
is project code, not YAML from a guideline repository, so it is rendered as
Markdown; option names and defaults come from the rule's options model.
"""

from __future__ import annotations

from labelspec.docs import html as h


def rules_markdown() -> str:
    """One page: a table of every rule, then a section per rule."""
    from labelspec.linting.registry import all_rules, iter_docs

    rules = all_rules()
    out = [
        "# Lint rules",
        "",
        "`labelspec lint` checks taxonomies and guideline pages with these rules. "
        "Select or ignore them with `--select`/`--ignore` or `[tool.labelspec.lint]`; "
        "suppress one finding with a `# labelspec: ignore[CODE]` comment.",
        "",
        "| Code | Name | Severity | What it does |",
        "|---|---|---|---|",
    ]
    for code, rule in rules.items():
        out.append(
            f"| [{code}](#{code.lower()}) | `{rule.name}` | {rule.severity} | "
            f"{rule.summary().replace('|', '&#124;')} |"
        )
    out.append("")
    family = None
    for code, rule in rules.items():
        if rule.family() != family:
            family = rule.family()
            out += [f"## {family.title} ({code[:3]})", ""]
        flags = [f"severity **{rule.severity}**"]
        if rule.source == "loader":
            flags.append("found while loading")
        if rule.needs_base:
            flags.append("compares with `--base`")
        out += [f"### {code} {rule.name} {{#{code.lower()}}}", "", " · ".join(flags), ""]
        for title, text in iter_docs(rule):
            out += [f"**{title}**", "", text, ""]
        options = rule.Options.model_fields
        if options:
            out += ["**Options**", "", "| Option | Default | Meaning |", "|---|---|---|"]
            for name, info in options.items():
                default = h.text(repr(info.default))
                meaning = h.text(info.description or "")
                out.append(f"| `{name}` | `{default}` | {meaning} |")
            out.append("")
    return "\n".join(out)
