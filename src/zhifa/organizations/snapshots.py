"""What the journal records of a registry record: its fields, minus what must not leave the agency."""

from zhifa.ledger.canonical import to_jsonable

# Personal data that an exported journal must not carry in clear (P15); its change is still recorded.
PRIVATE_FIELDS = {"id_number", "phone"}


def snapshot(instance) -> dict:
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"id", "created_at", "updated_at", "version"}:
            continue
        value = getattr(instance, field.attname)
        if field.name in PRIVATE_FIELDS:
            value = "（已记录）" if value else ""
        data[field.attname] = to_jsonable(value)
    if instance.pk:
        for field in instance._meta.many_to_many:
            data[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    return data
