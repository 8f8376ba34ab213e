from tests.telegram import factory
from tests.telegram.harness import Person, running_bot, texts


async def test_smoke(fake_api, store, bundled):
    async with running_bot(fake_api, store, bundled) as run:
        alice = factory.user(101, "Alice")
        p = Person(run, alice, factory.private_chat(alice))
        calls = await p.say("/start")
        print(texts(calls))
        print([c.params.get("reply_markup") for c in calls])
        calls = await p.press("Choose my platforms")
        print(texts(calls))
    for c in fake_api.calls:
        print(c.method, c.status, {k: v for k, v in c.params.items() if k != "text"})
