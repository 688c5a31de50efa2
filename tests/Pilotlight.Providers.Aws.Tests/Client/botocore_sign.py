"""Serialises and signs AWS requests with botocore itself, for the C# client's tests to compare against.

Reads {"accessKey", "secretKey", "token", "timestamp": "YYYYmmddTHHMMSSZ", "cases": [{"id", "service", "operation",
"protocol", "params", "endpoint", "region", "signingName"}]} on stdin and writes one result per case on stdout:
{"id", "method", "url", "headers" (lower-case names, Authorization left out), "signedHeaders", "signature", "body"}.
Only botocore's serializer (botocore.serialize.create_serializer) and signer (botocore.auth.SigV4Auth) are used,
with the signing clock frozen at "timestamp", exactly as the AWS CLI would build the same operation.
"""
import datetime
import json
import sys

try:
    import botocore.auth
    import botocore.credentials
    import botocore.serialize
    import botocore.session
    from botocore.awsrequest import create_request_object, prepare_request_dict
except ImportError as error:
    print(f"botocore is not importable ({error}): pip install botocore", file=sys.stderr)
    sys.exit(3)

spec = json.load(sys.stdin)
frozen = datetime.datetime.strptime(spec["timestamp"], "%Y%m%dT%H%M%SZ")
botocore.auth.get_current_datetime = lambda *args, **kwargs: frozen

session = botocore.session.get_session()
credentials = botocore.credentials.Credentials(spec["accessKey"], spec["secretKey"], spec.get("token"))
results = []
for case in spec["cases"]:
    model = session.get_service_model(case["service"])
    operation = model.operation_model(case["operation"])
    serializer = botocore.serialize.create_serializer(case["protocol"], include_validation=True)
    request_dict = serializer.serialize_to_request(case["params"], operation)
    prepare_request_dict(request_dict, case["endpoint"])
    request = create_request_object(request_dict)
    botocore.auth.SigV4Auth(credentials, case["signingName"], case["region"]).add_auth(request)
    prepared = request.prepare()
    authorization = prepared.headers["Authorization"]
    fields = dict(part.strip().split("=", 1) for part in authorization.split(",")[1:])
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    results.append({
        "id": case["id"],
        "method": prepared.method,
        "url": prepared.url,
        "headers": {k.lower(): v for k, v in prepared.headers.items() if k.lower() != "authorization"},
        "credential": authorization.split(",")[0].split("Credential=")[1],
        "signedHeaders": fields["SignedHeaders"],
        "signature": fields["Signature"],
        "body": body.decode("utf-8"),
    })

json.dump(results, sys.stdout)
