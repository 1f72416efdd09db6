"""Entries written before the tree existed are rewritten into the leaf format and the tree is built
over them. No checkpoint existed yet, so nothing signed is invalidated.
"""

import json

from django.db import migrations


def build_tree(apps, schema_editor):
    from zhifa.ledger import merkle
    from zhifa.ledger.entries import entry_body

    JournalEntry = apps.get_model("ledger", "JournalEntry")
    TreeNode = apps.get_model("ledger", "TreeNode")
    TreeHead = apps.get_model("ledger", "TreeHead")
    User = apps.get_model("accounts", "User")
    frontier = merkle.Frontier()
    for entry in JournalEntry.objects.order_by("sequence").iterator():
        if entry.sequence != frontier.size:
            raise RuntimeError(f"日志序号不连续：期望 {frontier.size}，实际 {entry.sequence}")
        name = entry.actor_name
        if not name and entry.actor_id:
            user = User.objects.filter(pk=entry.actor_id).first()
            name = user.username if user else ""
        body = entry_body(
            sequence=entry.sequence, recorded_at=entry.recorded_at, actor_id=entry.actor_id, actor_name=name,
            agency_id=entry.agency_id, subject_type=entry.subject_type, subject_id=entry.subject_id,
            kind=entry.kind, payload=json.loads(entry.payload),
        )
        leaf = merkle.leaf_hash(body)
        JournalEntry.objects.filter(pk=entry.pk).update(body=body.decode("utf-8"), leaf_hash=leaf)
        for level, index, h in frontier.append(leaf):
            TreeNode.objects.create(position=(index << (level + 1)) + (1 << level) - 1, level=level, index=index, hash=h)
    TreeHead.objects.update_or_create(pk=1, defaults={"size": frontier.size, "frontier": frontier.to_bytes()})




class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0002_tree_and_checkpoints"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(build_tree, migrations.RunPython.noop)]
