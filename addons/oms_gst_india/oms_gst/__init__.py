"""Pure-Python GST rules for India: GSTIN, tax split, rounding, HSN and the IRP e-invoice payload.

Nothing here imports ``odoo``, so the rules are unit-tested without a database; the
add-on's models call into these modules with plain values.
"""
