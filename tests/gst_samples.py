"""Sample parties, lines and documents shared by the e-invoice tests."""

import datetime
from dataclasses import replace

from oms_gst.gst_document import GstDocument, GstLine, Party

SELLER = Party(
    gstin="29AABCU9603R1ZJ",
    legal_name="Uplift Industries Pvt Ltd",
    trade_name="Uplift",
    address1="12 MG Road",
    address2="Ashok Nagar",
    location="Bengaluru",
    pincode="560001",
    state_code="29",
    phone="+91 98450-12345",
    email="billing@uplift.example",
)
BUYER_MH = Party(
    gstin="27AAPFU0939F1ZV",
    legal_name="Unique Traders",
    address1="4 Link Road",
    location="Mumbai",
    pincode=400001,
    state_code="27",
)
BUYER_KA = replace(BUYER_MH, location="Mysuru", pincode="570001", state_code="29")
BUYER_ABROAD = Party(
    gstin="URP",
    legal_name="Overseas Buyer LLC",
    address1="1 Harbour Street",
    location="Singapore",
    pincode=999999,
    state_code="96",
)


def line(description="Widget 10mm", hsn="84713010", quantity=10, unit_price="100", gst_rate=18, **values):
    """An invoice line with sensible defaults."""
    return GstLine(
        description=description,
        hsn=hsn,
        quantity=quantity,
        unit="NOS",
        unit_price=unit_price,
        gst_rate=gst_rate,
        **values,
    )


def document(lines=None, buyer=BUYER_MH, place_of_supply=None, **values):
    """An invoice from the Karnataka seller; the place of supply defaults to the buyer's state."""
    return GstDocument(
        number=values.pop("number", "INV/2025/0001"),
        date=values.pop("date", datetime.date(2025, 7, 1)),
        seller=values.pop("seller", SELLER),
        buyer=buyer,
        place_of_supply=place_of_supply or buyer.state_code,
        lines=lines if lines is not None else [line()],
        **values,
    )
