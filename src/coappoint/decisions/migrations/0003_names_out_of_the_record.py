"""Move people's names, and the words said with each consensus, out of every decision's record
into `Decision.names` and `Decision.consensus_words`; what the rules core reads (the stages and
each candidate's key and agreed scores) stays exactly as it was, so every outcome recomputes.

Backwards puts them into the record again. The names' keys are the record's own ("c12").
"""

from typing import Any

from django.db import migrations

PEOPLE_PARTS = ("candidates", "not_ready", "did_not_attend", "consensus")
CONSENSUS_WORDS = ("rationale", "dissent", "dissent_reason", "change_reason")


def names_out(apps: Any, schema_editor: Any) -> None:
    Decision = apps.get_model("decisions", "Decision")
    for decision in Decision.objects.all():
        record = decision.record
        if not isinstance(record, dict):
            continue
        names: dict[str, str] = dict(decision.names or {})
        for part in PEOPLE_PARTS:
            for entry in record.get(part) or []:
                if isinstance(entry, dict) and "name" in entry:
                    name = entry.pop("name")
                    names.setdefault(entry["id"], name)
        words = []
        for entry in record.get("consensus") or []:
            said = {key: entry.pop(key) for key in CONSENSUS_WORDS if key in entry}
            words.append({"id": entry.get("id"), **said})
        decision.record = record
        decision.names = names
        if words and not decision.consensus_words:
            decision.consensus_words = words
        decision.save(update_fields=["record", "names", "consensus_words"])


def names_in(apps: Any, schema_editor: Any) -> None:
    Decision = apps.get_model("decisions", "Decision")
    for decision in Decision.objects.all():
        record = decision.record
        if not isinstance(record, dict):
            continue
        names = decision.names or {}
        for part in PEOPLE_PARTS:
            for entry in record.get(part) or []:
                if isinstance(entry, dict) and entry.get("id") in names:
                    entry["name"] = names[entry["id"]]
        words = decision.consensus_words or []
        for position, entry in enumerate(record.get("consensus") or []):
            if position < len(words):
                entry.update({key: words[position][key] for key in CONSENSUS_WORDS if key in words[position]})
        decision.record = record
        decision.save(update_fields=["record"])


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0002_names_kept_apart"),
    ]

    operations = [migrations.RunPython(names_out, names_in)]
