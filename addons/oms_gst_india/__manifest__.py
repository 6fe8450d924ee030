{
    "name": "Order Management: GST India",
    "summary": "GST on orders by place of supply, commercial and tax invoice stages, NIC e-invoice (IRN) "
    "and e-way bill connectors",
    "version": "18.0.1.0.0",
    "category": "Accounting/Localizations",
    "website": "https://github.com/oms-suite/order-management",
    "author": "Order Management Suite",
    "license": "LGPL-3",
    "depends": ["oms_dispatch", "l10n_in", "l10n_in_sale", "l10n_in_stock"],
    "external_dependencies": {"python": ["cryptography", "requests", "qrcode"]},
    "data": [
        "security/oms_gst_india_security.xml",
        "security/ir.model.access.csv",
        "data/oms_gst_india_data.xml",
        "views/oms_einvoice_views.xml",
        "views/oms_commercial_invoice_views.xml",
        "views/sale_order_views.xml",
        "views/account_move_views.xml",
        "views/res_config_settings_views.xml",
        "report/oms_einvoice_report.xml",
        "report/oms_commercial_invoice_report.xml",
    ],
    "demo": [
        "demo/oms_gst_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "installable": True,
}
