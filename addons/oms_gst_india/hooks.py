def post_init_hook(env):
    """Turn the GST rules on for the Indian companies that exist when the module is installed.

    Companies created later start with the rules off until finance turns them on in the settings: Odoo's
    own l10n_in tests create companies and partners with GSTINs that fail the check character.
    """
    env["res.company"].search([("partner_id.country_id.code", "=", "IN")]).write({"oms_gst_enforce": True})
