"""Pure rules of the order pipeline: stages, applicability, transitions, credit, duplicates, dates, cancel.

Nothing here imports ``odoo``. The ``oms_handover`` models translate records into the plain values these
modules take and turn the returned messages into ``UserError`` / ``AccessError``. Modules import each other
relatively so the package works both as ``oms_pipeline`` (pure tests) and as
``odoo.addons.oms_handover.oms_pipeline`` (inside Odoo).
"""
