"""E-way bill operations of the EWB simulator: generate, Part-B, transporter, extend, cancel, look up.

Mixed into :class:`simulators.nic_ewb.EwbSimulator`; every method runs with the simulator lock held
and returns either the decrypted reply dict or an error ``Reply``."""

from datetime import datetime, timedelta

from simulators.nic_base import IST, Reply, gstin_checksum_ok, validity_end
from simulators.nic_ewb_checks import check_generate

EWB_TIME = "%d/%m/%Y %I:%M:%S %p"


def ewb_time(value):
    """NIC's e-way bill time stamp, or "" for None."""
    return value.strftime(EWB_TIME) if value else ""


def parse_ewb_time(text):
    """Parse :func:`ewb_time` output back to an aware IST datetime (for test assertions)."""
    return datetime.strptime(text, EWB_TIME).replace(tzinfo=IST)


class EwbOperations:
    """E-way bill operations of the EWB simulator: generate, Part-B, transporter, extend, cancel, look up."""

    def _bill(self, payload, allow_transporter=False):
        """The active bill the caller may act on, or the 312 reply."""
        bill = self.bills.get(int(payload.get("ewbNo") or 0))
        mine = bill is not None and (
            bill["gstin"] == self.gstin or (allow_transporter and bill["transporter_id"] == self.gstin)
        )
        if not mine or bill["status"] != "ACT":
            return self._error("312")
        return bill

    def _generate(self, payload):
        route_km = self.route_distances.get((payload.get("fromPincode"), payload.get("toPincode")))
        codes = check_generate(payload, self.gstin, self.now, route_km)
        if codes:
            return self._error(*codes)
        key = (self.gstin, payload["docType"], str(payload["docNo"]).upper())
        if key in self.by_document:
            return self._error("604")
        distance = int(payload.get("transDistance") or 0) or route_km or 0
        number, self._next_number = self._next_number, self._next_number + 1
        generated_at = self.now.replace(microsecond=0)
        has_part_b = bool(payload.get("vehicleNo") or payload.get("transDocNo"))
        odc = payload.get("vehicleType") == "O"
        bill = {
            "number": number,
            "gstin": self.gstin,
            "payload": payload,
            "key": key,
            "status": "ACT",
            "generated_at": generated_at,
            "distance": distance,
            "odc": odc,
            "valid_until": validity_end(generated_at, distance, odc) if has_part_b else None,
            "transporter_id": payload.get("transporterId") or "",
            "vehicles": [],
            "extended_times": 0,
            "verified": False,
        }
        if payload.get("vehicleNo"):
            bill["vehicles"].append(
                {"vehicleNo": payload["vehicleNo"], "enteredDate": ewb_time(generated_at)}
            )
        self.bills[number] = bill
        self.by_document[key] = number
        self._generated[key[2]] += 1
        return {
            "ewayBillNo": number,
            "ewayBillDate": ewb_time(generated_at),
            "validUpto": ewb_time(bill["valid_until"]),
            "alert": "",
        }

    def _update_part_b(self, payload):
        bill = self._bill(payload, allow_transporter=True)
        if isinstance(bill, Reply):
            return bill
        if bill["valid_until"] and self.now > bill["valid_until"]:
            return self._error("311")
        mode = str(payload.get("transMode") or "")
        codes = [
            code
            for code, failed in (
                ("302", mode not in {"1", "2", "3", "4"}),
                ("303", mode == "1" and not payload.get("vehicleNo")),
                ("394", mode in {"2", "3", "4"} and not payload.get("transDocNo")),
                ("305", not payload.get("fromPlace")),
                ("306", str(payload.get("fromState")) not in {str(code) for code in range(1, 39)} | {"97"}),
                ("307", str(payload.get("reasonCode")) not in {"1", "2", "3", "4"}),
                ("308", not payload.get("reasonRem")),
            )
            if failed
        ]
        if codes:
            return self._error(*codes)
        updated_at = self.now.replace(microsecond=0)
        if bill["valid_until"] is None:  # Part-B entered for the first time starts the validity
            bill["valid_until"] = validity_end(updated_at, bill["distance"], bill["odc"])
        bill["vehicles"].append(
            {
                "vehicleNo": payload.get("vehicleNo"),
                "enteredDate": ewb_time(updated_at),
                "reasonCode": payload.get("reasonCode"),
            }
        )
        return {"vehUpdDate": ewb_time(updated_at), "validUpto": ewb_time(bill["valid_until"])}

    def _update_transporter(self, payload):
        bill = self._bill(payload)
        if isinstance(bill, Reply):
            return bill
        if bill["valid_until"] and self.now > bill["valid_until"]:
            return self._error("281")
        if not gstin_checksum_ok(payload.get("transporterId")):
            return self._error("222")
        bill["transporter_id"] = payload["transporterId"]
        return {
            "ewayBillNo": bill["number"],
            "transporterId": bill["transporter_id"],
            "transUpdateDate": ewb_time(self.now),
        }

    def _extend(self, payload):
        bill = self.bills.get(int(payload.get("ewbNo") or 0))
        if bill is not None and bill["status"] == "CNL":
            return self._error("379")
        bill = self._bill(payload, allow_transporter=True)
        if isinstance(bill, Reply):
            return bill
        if bill["valid_until"] is None:
            return self._error("381")
        if (
            not bill["valid_until"] - timedelta(hours=8)
            <= self.now
            <= bill["valid_until"] + timedelta(hours=8)
        ):
            return self._error("382")
        remaining = int(payload.get("remainingDistance") or 0)
        if remaining <= 0:
            return self._error("389")
        if remaining > bill["distance"]:
            return self._error("390")
        if str(payload.get("extnRsnCode")) not in {"1", "2", "4", "5", "99"} or not payload.get(
            "extnRemarks"
        ):
            return self._error("386")
        new_end = validity_end(self.now, remaining, bill["odc"])
        if new_end - bill["generated_at"] > timedelta(days=360):
            return self._error("821")
        bill["valid_until"] = new_end
        bill["extended_times"] += 1
        return {
            "ewayBillNo": bill["number"],
            "updatedDate": ewb_time(self.now),
            "validUpto": ewb_time(new_end),
        }

    def _cancel(self, payload):
        bill = self._bill(payload)
        if isinstance(bill, Reply):
            return bill
        if str(payload.get("cancelRsnCode")) not in {"1", "2", "3", "4"}:
            return self._error("307")
        if bill["verified"]:
            return self._error("316")
        if self.now - bill["generated_at"] > timedelta(hours=24):
            return self._error("315")
        bill["status"] = "CNL"
        self.by_document.pop(bill["key"], None)  # a cancelled bill frees its document number
        return {"ewayBillNo": bill["number"], "cancelDate": ewb_time(self.now)}

    def _details(self, query):
        bill = self.bills.get(int(query.get("ewbNo") or 0) if str(query.get("ewbNo", "")).isdigit() else 0)
        if bill is None:
            return self._error("325")
        return dict(
            bill["payload"],
            ewbNo=bill["number"],
            ewayBillDate=ewb_time(bill["generated_at"]),
            status=bill["status"],
            validUpto=ewb_time(bill["valid_until"]),
            extendedTimes=bill["extended_times"],
            VehiclListDetails=bill["vehicles"],
            transporterId=bill["transporter_id"],
        )

    def _by_document(self, query):
        number = self.by_document.get(
            (self.gstin, query.get("docType"), str(query.get("docNo") or "").upper())
        )
        if number is None:
            return self._error("325")
        bill = self.bills[number]
        return {
            "ewayBillNo": number,
            "ewayBillDate": ewb_time(bill["generated_at"]),
            "validUpto": ewb_time(bill["valid_until"]),
            "alert": None,
        }
