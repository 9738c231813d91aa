"""Writes a synthetic AmazonEC2 offer file of about the size asked for, in AWS's shape: products of
every operating system, tenancy and region (most of which the loader skips), each with an on-demand
term and standard and convertible reservations. The prices are made up; the shape is what matters.

    python bench/make_ec2_offer.py out.json 200   # about 200 MB
"""

from __future__ import annotations

import json
import sys

REGIONS = [("us-east-1", "US East (N. Virginia)", ""), ("us-west-2", "US West (Oregon)", "USW2-"),
           ("eu-west-1", "EU (Ireland)", "EU-"), ("ap-northeast-1", "Asia Pacific (Tokyo)", "APN1-")]
SYSTEMS = [("Linux", "No License required", "RunInstances"), ("Windows", "License Included", "RunInstances:0002"),
           ("RHEL", "No License required", "RunInstances:0010"), ("SUSE", "No License required", "RunInstances:000g")]
TENANCIES = ["Shared", "Dedicated"]
SOFTWARE = ["NA", "SQL Std"]
FAMILIES = ["m5", "c5", "r5", "m6i", "c6i", "r6i", "m7g", "c7g", "r7g", "t3"]
SIZES = [("large", 1), ("xlarge", 2), ("2xlarge", 4), ("4xlarge", 8), ("8xlarge", 16), ("12xlarge", 24), ("16xlarge", 32)]


def sku_of(n: int) -> str:
    letters = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    text = ""
    for _ in range(16):
        text += letters[n % len(letters)]
        n //= len(letters)
    return text


def main() -> None:
    out_path, megabytes = sys.argv[1], int(sys.argv[2])
    target = megabytes * 1_000_000
    n = 0
    products: list[str] = []
    on_demand: list[str] = []
    reserved: list[str] = []
    size = 0
    while size < target:
        for region, location, prefix in REGIONS:
            for system, licence, operation in SYSTEMS:
                for tenancy in TENANCIES:
                    for software in SOFTWARE:
                        for family in FAMILIES:
                            for name, multiple in SIZES:
                                n += 1
                                sku = sku_of(n * 7919 + 13)
                                itype = f"{family}.{name}" if n < 10**9 else ""
                                usage = prefix + ("BoxUsage:" if tenancy == "Shared" else "DedicatedUsage:") + itype
                                product = {"sku": sku, "productFamily": "Compute Instance", "attributes": {
                                    "servicecode": "AmazonEC2", "location": location, "locationType": "AWS Region",
                                    "instanceType": itype, "currentGeneration": "Yes", "vcpu": str(2 * multiple),
                                    "tenancy": tenancy, "operatingSystem": system, "licenseModel": licence,
                                    "usagetype": usage, "operation": operation, "capacitystatus": "Used",
                                    "preInstalledSw": software, "regionCode": region, "servicename": "Amazon Elastic Compute Cloud",
                                    "generation": str(n)}}
                                price = f"{0.048 * multiple + (n % 97) / 100000:.10f}"
                                code = sku + ".JRTCKXETXF"
                                term = {code: {"offerTermCode": "JRTCKXETXF", "sku": sku, "effectiveDate": "2025-10-01T00:00:00Z",
                                    "priceDimensions": {code + ".6YS6EN2CT7": {"rateCode": code + ".6YS6EN2CT7",
                                        "description": f"${price} per On Demand {system} {itype} Instance Hour", "beginRange": "0",
                                        "endRange": "Inf", "unit": "Hrs", "pricePerUnit": {"USD": price}, "appliesTo": []}},
                                    "termAttributes": {}}}
                                terms = {}
                                for lease in ("1yr", "3yr"):
                                    for cls in ("standard", "convertible"):
                                        for option, upfront in (("No Upfront", None), ("Partial Upfront", 300 * multiple), ("All Upfront", 600 * multiple)):
                                            tc = f"{sku}.{lease}{cls[0]}{option[0]}"
                                            dims = {tc + ".6YS6EN2CT7": {"rateCode": tc + ".6YS6EN2CT7", "description": "reserved instance applied",
                                                    "beginRange": "0", "endRange": "Inf", "unit": "Hrs",
                                                    "pricePerUnit": {"USD": "0.0000000000" if upfront and option == "All Upfront" else price},
                                                    "appliesTo": []}}
                                            if upfront:
                                                dims[tc + ".2TG2D8R56U"] = {"rateCode": tc + ".2TG2D8R56U", "description": "Upfront Fee",
                                                    "unit": "Quantity", "pricePerUnit": {"USD": str(upfront)}, "appliesTo": []}
                                            terms[tc] = {"offerTermCode": tc, "sku": sku, "effectiveDate": "2025-10-01T00:00:00Z",
                                                "priceDimensions": dims,
                                                "termAttributes": {"LeaseContractLength": lease, "OfferingClass": cls, "PurchaseOption": option}}
                                p = json.dumps(sku) + ":" + json.dumps(product)
                                o = json.dumps(sku) + ":" + json.dumps(term)
                                r = json.dumps(sku) + ":" + json.dumps(terms)
                                products.append(p)
                                on_demand.append(o)
                                reserved.append(r)
                                size += len(p) + len(o) + len(r) + 3
        # Each pass repeats the types with new SKUs: later passes price the same keys again, so they
        # are written only into regions the load does not keep.
        REGIONS[:] = [r for r in REGIONS if r[0] != "us-east-1"] or REGIONS
    with open(out_path, "w") as out:
        out.write('{"formatVersion":"v1.0","disclaimer":"synthetic","offerCode":"AmazonEC2","version":"20251001000000",'
                  '"publicationDate":"2025-10-01T00:00:00Z","products":{')
        out.write(",".join(products))
        out.write('},"terms":{"OnDemand":{')
        out.write(",".join(on_demand))
        out.write('},"Reserved":{')
        out.write(",".join(reserved))
        out.write("}}}")
    print(f"{out_path}: {n} products")


if __name__ == "__main__":
    main()
