"""Sample documents and client factories shared by the NIC tests."""

import copy
from datetime import datetime

from simulators.nic_base import IST

# A fixed simulator time keeps document dates inside NIC's windows whatever the real date.
SIMULATED_NOW = datetime(2025, 9, 15, 10, 30, tzinfo=IST)
SELLER_GSTIN = "29AABCU9603R1ZJ"  # Karnataka
BUYER_GSTIN = "27AAPFU0939F1ZV"  # Maharashtra
TRANSPORTER_GSTIN = "05AAACG2115R1ZN"

_INVOICE = {
    "Version": "1.1",
    "TranDtls": {"TaxSch": "GST", "SupTyp": "B2B", "RegRev": "N", "IgstOnIntra": "N"},
    "DocDtls": {"Typ": "INV", "No": "INV/2025/0001", "Dt": "15/09/2025"},
    "SellerDtls": {
        "Gstin": SELLER_GSTIN,
        "LglNm": "Udyog Traders Pvt Ltd",
        "Addr1": "12 Industrial Layout",
        "Loc": "Bengaluru",
        "Pin": 560001,
        "Stcd": "29",
    },
    "BuyerDtls": {
        "Gstin": BUYER_GSTIN,
        "LglNm": "Pune Fabricators LLP",
        "Pos": "27",
        "Addr1": "Plot 4, MIDC",
        "Loc": "Pune",
        "Pin": 411001,
        "Stcd": "27",
    },
    "ItemList": [
        {
            "SlNo": "1",
            "PrdDesc": "Laptop computer",
            "IsServc": "N",
            "HsnCd": "84713010",
            "Qty": 2,
            "Unit": "NOS",
            "UnitPrice": 50000,
            "TotAmt": 100000,
            "Discount": 0,
            "AssAmt": 100000,
            "GstRt": 18,
            "IgstAmt": 18000,
            "CgstAmt": 0,
            "SgstAmt": 0,
            "CesRt": 0,
            "CesAmt": 0,
            "TotItemVal": 118000,
        },
        {
            "SlNo": "2",
            "PrdDesc": "Storage media",
            "IsServc": "N",
            "HsnCd": "8523",
            "Qty": 10,
            "Unit": "NOS",
            "UnitPrice": 1000,
            "TotAmt": 10000,
            "Discount": 500,
            "AssAmt": 9500,
            "GstRt": 18,
            "IgstAmt": 1710,
            "CgstAmt": 0,
            "SgstAmt": 0,
            "CesRt": 0,
            "CesAmt": 0,
            "TotItemVal": 11210,
        },
    ],
    "ValDtls": {
        "AssVal": 109500,
        "CgstVal": 0,
        "SgstVal": 0,
        "IgstVal": 19710,
        "CesVal": 0,
        "Discount": 0,
        "OthChrg": 0,
        "RndOffAmt": 0,
        "TotInvVal": 129210,
    },
}

_EWB = {
    "supplyType": "O",
    "subSupplyType": "1",
    "subSupplyDesc": "",
    "docType": "INV",
    "docNo": "INV/2025/0001",
    "docDate": "15/09/2025",
    "fromGstin": SELLER_GSTIN,
    "fromTrdName": "Udyog Traders Pvt Ltd",
    "fromAddr1": "12 Industrial Layout",
    "fromAddr2": "",
    "fromPlace": "Bengaluru",
    "fromPincode": 560001,
    "fromStateCode": 29,
    "actFromStateCode": 29,
    "toGstin": BUYER_GSTIN,
    "toTrdName": "Pune Fabricators LLP",
    "toAddr1": "Plot 4, MIDC",
    "toAddr2": "",
    "toPlace": "Pune",
    "toPincode": 411001,
    "toStateCode": 27,
    "actToStateCode": 27,
    "transactionType": 1,
    "totalValue": 109500,
    "cgstValue": 0,
    "sgstValue": 0,
    "igstValue": 19710,
    "cessValue": 0,
    "otherValue": 0,
    "totInvValue": 129210,
    "transMode": "1",
    "transDistance": "850",
    "transporterId": "",
    "transporterName": "",
    "transDocNo": "",
    "transDocDate": "",
    "vehicleNo": "KA01AB1234",
    "vehicleType": "R",
    "itemList": [
        {
            "productName": "Laptop",
            "productDesc": "Laptop computer",
            "hsnCode": "84713010",
            "quantity": 2,
            "qtyUnit": "NOS",
            "taxableAmount": 100000,
            "cgstRate": 0,
            "sgstRate": 0,
            "igstRate": 18,
            "cessRate": 0,
        },
        {
            "productName": "Media",
            "productDesc": "Storage media",
            "hsnCode": "8523",
            "quantity": 10,
            "qtyUnit": "NOS",
            "taxableAmount": 9500,
            "cgstRate": 0,
            "sgstRate": 0,
            "igstRate": 18,
            "cessRate": 0,
        },
    ],
}


def sample_invoice(number="INV/2025/0001"):
    """A valid inter-state INV-01 1.1 invoice (fresh copy) with document ``number``."""
    invoice = copy.deepcopy(_INVOICE)
    invoice["DocDtls"]["No"] = number
    return invoice


def sample_ewb_payload(number="INV/2025/0001", **changes):
    """A valid GENEWAYBILL payload by road over 850 km (fresh copy), with top-level ``changes``."""
    payload = copy.deepcopy(_EWB)
    payload["docNo"] = number
    payload.update(changes)
    return payload


def client_for(client_class, simulator, timeout=0.5, **options):
    """A client wired to ``simulator``: its URL, credentials, key and clock."""
    return client_class(
        simulator.base_url,
        simulator.gstin,
        simulator.client_id,
        simulator.client_secret,
        simulator.username,
        simulator.password,
        simulator.public_key_pem,
        timeout=timeout,
        clock=lambda: simulator.now,
        **options,
    )
