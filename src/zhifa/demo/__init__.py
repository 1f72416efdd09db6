"""The demo jurisdiction (蚌埠市): what `zhifa demo` and `zhifa load_demo` put in an empty database.

``data`` describes the jurisdiction as plain records; ``loader`` writes it through the registry's
services, so every record is validated and journalled exactly as if an administrator had entered it.
The people, numbers and addresses are invented; only the public bodies' names are real.
"""
