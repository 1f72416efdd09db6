from django import template

register = template.Library()


@register.filter
def attr(obj, name):
    """``obj|attr:"get_level_display"``: an attribute, called when it is a method."""
    value = getattr(obj, name, None)
    return value() if callable(value) else value


@register.filter
def percent(value, places=1):
    """0.0833 → "8.3%"; None → "—"."""
    if value is None:
        return "—"
    return f"{float(value) * 100:.{int(places)}f}%"
