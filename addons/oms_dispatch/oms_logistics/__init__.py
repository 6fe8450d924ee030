"""Pure logistics rules of dispatch: vehicle numbers, phone numbers, dispatch quantities, delivery risk.

Nothing here imports ``odoo``; the ``oms_dispatch`` models pass plain values in and turn the errors into
``ValidationError`` / ``UserError``. Modules import each other relatively so the package works both as
``oms_logistics`` (pure tests) and as ``odoo.addons.oms_dispatch.oms_logistics`` (inside Odoo).
"""
