"""The stages a bundle goes through, in order: validate, segment, clean, language, embed,
select or group, then (after the writers) attribute and assemble.

Stages never import :mod:`models.write` or :mod:`models.generation`.
"""
