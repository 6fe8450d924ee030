"""Invoice operations of the IRP simulator: register, look up, cancel, e-way bill by IRN.

Mixed into :class:`simulators.nic_irp.IrpSimulator`; every method runs with the simulator lock held
and returns either the reply ``Data`` dict or an error ``Reply``."""

import hashlib
import json
from datetime import timedelta

from simulators.nic_base import Reply, sign_jwt, validity_end
from simulators.nic_irp_checks import SCHEMA_ERROR, check_ewb_by_irn, check_invoice, financial_year

NIC_TIME = "%Y-%m-%d %H:%M:%S"


class IrpOperations:
    """Invoice operations of the IRP simulator: register, look up, cancel, e-way bill by IRN."""

    def _public_record(self, record):
        ewb = record.get("ewb") or {}
        return {
            "AckNo": record["ack_no"],
            "AckDt": record["ack_at"].strftime(NIC_TIME),
            "Irn": record["irn"],
            "SignedInvoice": record["signed_invoice"],
            "SignedQRCode": record["signed_qr"],
            "Status": record["status"],
            "EwbNo": ewb.get("number"),
            "EwbDt": ewb.get("date"),
            "EwbValidTill": ewb.get("valid_till"),
            "Remarks": None,
        }

    def _generate(self, gstin, invoice):
        problems = check_invoice(invoice, check_gstin=self.check_gstin)
        if problems:
            return self._error(*problems)
        document = invoice["DocDtls"]
        key = (gstin, document["Typ"], document["No"].upper())
        if key in self.by_document:
            existing = self.invoices[self.by_document[key]]
            info = [
                {
                    "InfoCode": "DUPIRN",
                    "Desc": {
                        "AckNo": existing["ack_no"],
                        "Irn": existing["irn"],
                        "AckDt": existing["ack_at"].strftime(NIC_TIME),
                    },
                }
            ]
            return self._error(("2150", "Duplicate IRN"), info=info)
        irn = hashlib.sha256(
            (gstin + financial_year(document["Dt"]) + document["Typ"] + document["No"].upper()).encode()
        ).hexdigest()
        ack_no, self._next_ack = self._next_ack, self._next_ack + 1
        ack_at = self.now.replace(microsecond=0)
        registered = dict(invoice, Irn=irn, AckNo=ack_no, AckDt=ack_at.strftime(NIC_TIME))
        lines = invoice["ItemList"]
        qr_data = {
            "SellerGstin": gstin,
            "BuyerGstin": invoice["BuyerDtls"]["Gstin"],
            "DocNo": document["No"],
            "DocTyp": document["Typ"],
            "DocDt": document["Dt"],
            "TotInvVal": invoice["ValDtls"]["TotInvVal"],
            "ItemCnt": len(lines),
            "MainHsnCode": max(lines, key=lambda line: line.get("AssAmt", 0))["HsnCd"],
            "Irn": irn,
            "IrnDt": ack_at.strftime(NIC_TIME),
        }
        record = {
            "irn": irn,
            "gstin": gstin,
            "ack_no": ack_no,
            "ack_at": ack_at,
            "status": "ACT",
            "document": dict(document),
            "ewb": None,
            "signed_invoice": sign_jwt(
                self.signing_key, {"data": json.dumps(registered), "iss": "NIC Simulator"}, "sim-signing"
            ),
            "signed_qr": sign_jwt(
                self.signing_key, {"data": json.dumps(qr_data), "iss": "NIC Simulator"}, "sim-signing"
            ),
        }
        self.invoices[irn] = record
        self.by_document[key] = irn
        self._generated[document["No"].upper()] += 1
        if invoice.get("EwbDtls"):
            self._issue_ewb(record, dict(invoice["EwbDtls"], Irn=irn))
        return self._public_record(record)

    def _owned(self, gstin, irn):
        record = self.invoices.get(irn or "")
        if record is None:
            return self._error(("2148", "Requested IRN data is not available"))
        if record["gstin"] != gstin:
            return self._error(("2143", "Invoice does not belongs to the user GSTIN"))
        return record

    def _details(self, gstin, query):
        record = self._owned(gstin, query.get("irn"))
        return record if isinstance(record, Reply) else self._public_record(record)

    def _by_document(self, gstin, query):
        irn = self.by_document.get((gstin, query.get("doctype"), str(query.get("docnum") or "").upper()))
        record = self.invoices.get(irn)
        if record is None or record["document"]["Dt"] != query.get("docdate"):
            return self._error(("2148", "Requested IRN data is not available"))
        return self._public_record(record)

    def _cancel(self, gstin, request):
        if (
            str(request.get("CnlRsn")) not in {"1", "2", "3", "4"}
            or len(str(request.get("CnlRem") or "")) > 100
        ):
            return self._error((SCHEMA_ERROR, "CnlRsn must be 1-4 and CnlRem at most 100 characters"))
        record = self._owned(gstin, request.get("Irn"))
        if isinstance(record, Reply):
            return record
        if record["status"] != "ACT":
            return self._error(("9999", "Invoice is not active"))
        if self.now - record["ack_at"] > timedelta(hours=24):
            return self._error(("2270", "The allowed cancellation time limit is crossed"))
        if (record.get("ewb") or {}).get("status") == "ACT":
            return self._error(("2230", "This IRN cannot be cancelled because e-way bill has been generated"))
        record["status"] = "CNL"
        return {"Irn": record["irn"], "CancelDate": self.now.strftime(NIC_TIME)}

    def _ewb_by_irn(self, gstin, request):
        problems = check_ewb_by_irn(request)
        if problems:
            return self._error(*problems)
        record = self._owned(gstin, request.get("Irn"))
        if isinstance(record, Reply):
            return record
        if record["status"] != "ACT":
            return self._error(("9999", "Invoice is not active"))
        if (record.get("ewb") or {}).get("status") == "ACT":
            return self._error(("4002", "EwayBill is already generated for this IRN"))
        ewb = self._issue_ewb(record, request)
        return {
            "EwbNo": ewb["number"],
            "EwbDt": ewb["date"],
            "EwbValidTill": ewb["valid_till"],
            "Remarks": None,
        }

    def _issue_ewb(self, record, request):
        number, self._next_ewb = self._next_ewb, self._next_ewb + 1
        issued = self.now.replace(microsecond=0)
        end = validity_end(issued, int(request.get("Distance") or 0), odc=request.get("VehType") == "O")
        record["ewb"] = {
            "number": number,
            "date": issued.strftime(NIC_TIME),
            "valid_till": end.strftime(NIC_TIME),
            "status": "ACT",
        }
        return record["ewb"]
