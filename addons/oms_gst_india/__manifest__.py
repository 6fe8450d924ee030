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
    "external_dependencies": {"python": ["cryptography", "requests"]},
    "data": [
        "security/ir.model.access.csv",
    ],
    "demo": [
        "demo/oms_gst_demo.xml",
    ],
    "installable": True,
}
