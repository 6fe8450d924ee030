{
    "name": "Order Management: GSTR-1",
    "summary": "GSTR-1 for a month from the posted invoices and credit notes: each table's totals and the "
    "invoices behind them, what the portal would refuse and why, and the portal's offline-tool JSON",
    "version": "18.0.1.0.0",
    "category": "Accounting/Localizations",
    "website": "https://github.com/oms-suite/order-management",
    "author": "Order Management Suite",
    "license": "LGPL-3",
    "depends": ["oms_gst_india"],
    "data": [
        "security/oms_gst_returns_security.xml",
        "security/ir.model.access.csv",
        "views/oms_gstr1_views.xml",
    ],
    "demo": [
        "demo/oms_gstr1_demo.xml",
    ],
    "installable": True,
    "auto_install": True,
    "images": ["static/description/screenshot_gstr1.png"],
}
