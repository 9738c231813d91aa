"""Shared pytest set-up for the Python tests.

Hypothesis profiles: "dev" (the default) draws new random examples each run and remembers failures in
.hypothesis/; "ci" (HYPOTHESIS_PROFILE=ci) is derandomized, so a run is reproducible from the commit
alone. Neither has a per-example deadline: a slow first call (imports, caches) is not a failure.

The fixtures moto_server and cost_explorer run a moto server on 127.0.0.1 for the live Cost Explorer
tests, and dynamodb gives a DynamoDB client on the same server for the lease store's tests (moto is
imported only by the tests that use them).
tests (moto is imported only by the tests that use them); event_bus is an EventBridge bus on the same
server whose rule forwards every "isb.costs" event to an SQS queue, to read the events back.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

settings.register_profile("dev", deadline=None, print_blob=True)
settings.register_profile("ci", deadline=None, print_blob=True, derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


class MotoCostExplorer:
    """A moto server on 127.0.0.1 whose Cost Explorer answers with queued results.

    moto answers GetCostAndUsage from a queue set through its documented API
    (POST /moto-api/static/ce/cost-and-usage-results): a request whose body it has not seen takes
    the next result, a body it has seen gets the same result again. A page request carries its
    NextPageToken, so its body is new and it takes the next result: queue the pages in the order the
    fetch asks for them.
    """

    def __init__(self, endpoint_url: str) -> None:
        self.endpoint_url = endpoint_url

    def _post(self, path: str, document: object) -> int:
        import json
        import urllib.request

        request = urllib.request.Request(self.endpoint_url + path, data=json.dumps(document).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)

    def reset(self) -> None:
        self._post("/moto-api/reset", {})

    def queue(self, *results: dict) -> None:
        assert self._post("/moto-api/static/ce/cost-and-usage-results", {"results": list(results)}) == 201

    def forget_requests(self) -> None:
        """Forgets the request bodies already answered (their queued results stay), so that the same
        request asked again takes the next queued result: Cost Explorer's figures for a period change
        while AWS is still finishing them."""
        from moto.ce.models import ce_backends
        from moto.core import DEFAULT_ACCOUNT_ID

        ce_backends[DEFAULT_ACCOUNT_ID]["global"].cost_usage_results.clear()

    def request_bodies(self) -> list[dict]:
        """The GetCostAndUsage request bodies the server has answered, in the order it first saw them."""
        import json

        from moto.ce.models import ce_backends
        from moto.core import DEFAULT_ACCOUNT_ID

        return [json.loads(body) for body in ce_backends[DEFAULT_ACCOUNT_ID]["global"].cost_usage_results]


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory: pytest.TempPathFactory):
    """One moto server for the session, on 127.0.0.1 and a free port, with dummy credentials in the
    environment and the machine's own AWS config and credential files out of reach."""
    from moto.server import ThreadedMotoServer

    home = tmp_path_factory.mktemp("aws-home")
    with pytest.MonkeyPatch.context() as env:
        for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CE",
                     "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                     "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"):
            env.delenv(name, raising=False)
        env.setenv("AWS_ACCESS_KEY_ID", "testing")
        env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        env.setenv("AWS_SESSION_TOKEN", "testing")
        env.setenv("AWS_DEFAULT_REGION", "us-east-1")
        env.setenv("AWS_CONFIG_FILE", str(home / "config"))
        env.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / "credentials"))
        env.setenv("AWS_EC2_METADATA_DISABLED", "true")
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            assert host == "127.0.0.1"
            yield MotoCostExplorer(f"http://127.0.0.1:{port}")
        finally:
            server.stop()


@pytest.fixture
def cost_explorer(moto_server: MotoCostExplorer) -> MotoCostExplorer:
    """The session's moto server, emptied: no queued results, no requests seen."""
    moto_server.reset()
    return moto_server


@pytest.fixture
def dynamodb(moto_server: MotoCostExplorer):
    """A boto3 DynamoDB client on the session's moto server, emptied first (no tables: every test
    creates its own)."""
    import boto3

    moto_server.reset()
    client = boto3.client("dynamodb", region_name="us-east-1", endpoint_url=moto_server.endpoint_url)
    try:
        yield client
    finally:
        client.close()
class MotoEventBus:
    """An EventBridge bus on the moto server with a rule that sends every event of source "isb.costs"
    to an SQS queue; ``received()`` reads the queue's messages (the events as EventBridge delivers
    them: source, detail-type, detail as an object, time)."""

    def __init__(self, endpoint_url: str, name: str) -> None:
        import boto3

        self.endpoint_url = endpoint_url
        self.name = name
        self.events = boto3.client("events", region_name="us-east-1", endpoint_url=endpoint_url)
        self.sqs = boto3.client("sqs", region_name="us-east-1", endpoint_url=endpoint_url)
        self.events.create_event_bus(Name=name)
        self.queue_url = self.sqs.create_queue(QueueName=f"{name}-events")["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=self.queue_url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"]
        self.events.put_rule(Name=f"{name}-all", EventBusName=name, EventPattern='{"source": ["isb.costs"]}')
        self.events.put_targets(Rule=f"{name}-all", EventBusName=name, Targets=[{"Id": "queue", "Arn": arn}])

    def received(self) -> list[dict]:
        import json

        messages: list[dict] = []
        while True:
            batch = self.sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=10,
                                             WaitTimeSeconds=0).get("Messages", [])
            if not batch:
                return messages
            for message in batch:
                messages.append(json.loads(message["Body"]))
                self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])


@pytest.fixture
def event_bus(cost_explorer: MotoCostExplorer, request: pytest.FixtureRequest) -> MotoEventBus:
    """A new EventBridge bus (named after the test) forwarding to a new, empty SQS queue; made after
    the cost_explorer fixture's reset, so a test may use both."""
    import re

    name = re.sub(r"[^A-Za-z0-9-]", "-", request.node.name)[:60]
    return MotoEventBus(cost_explorer.endpoint_url, name)
