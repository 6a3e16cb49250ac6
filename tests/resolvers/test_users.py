import pytest

from wax.errors import Conflict, InvalidInput, NotFound
from wax.models import ApiToken, User
from wax.resolvers import users


async def test_the_first_user_is_an_admin_and_later_ones_are_not(app: object) -> None:
    first, _ = await users.create_user("ann")
    second, _ = await users.create_user("bob")
    assert first.is_admin is True
    assert second.is_admin is False


async def test_tokens_are_stored_only_as_digests(app: object) -> None:
    _, issued = await users.create_user("ann")
    stored = await ApiToken.get(id=issued.record.id)
    assert issued.token not in (stored.digest, stored.prefix)
    assert stored.digest == users.digest_token(issued.token)
    assert len(stored.digest) == 64


async def test_a_token_finds_its_user_until_it_is_revoked(app: object) -> None:
    user, issued = await users.create_user("ann")
    found = await users.user_for_token(issued.token)
    assert found is not None
    assert found.id == user.id
    await users.revoke_token(issued.token)
    assert await users.user_for_token(issued.token) is None


async def test_a_token_can_be_revoked_by_its_id(app: object) -> None:
    _, issued = await users.create_user("ann")
    await users.revoke_token(str(issued.record.id))
    assert await users.user_for_token(issued.token) is None


async def test_unknown_and_malformed_tokens_find_nobody(app: object) -> None:
    await users.create_user("ann")
    assert await users.user_for_token("wax_not-a-real-token") is None
    assert await users.user_for_token("garbage") is None
    assert await users.user_for_token("wax_" + "x" * 1000) is None


async def test_revoking_an_unknown_token_is_not_found(app: object) -> None:
    with pytest.raises(NotFound):
        await users.revoke_token("wax_unknown")
    with pytest.raises(NotFound):
        await users.revoke_token("not-a-uuid")


async def test_names_are_unique_and_required(app: object) -> None:
    await users.create_user("ann")
    with pytest.raises(Conflict):
        await users.create_user("ann")
    with pytest.raises(InvalidInput):
        await users.create_user("   ")


async def test_ensure_first_admin_creates_one_only_on_an_empty_instance(app: object) -> None:
    issued = await users.ensure_first_admin("root")
    assert issued is not None
    assert await users.user_for_token(issued.token) is not None
    assert await users.ensure_first_admin("root") is None


async def test_active_digests_names_the_tokens_still_working_among_many(app: object) -> None:
    ann, kept = await users.create_user("ann")
    revoked = await users.issue_token(ann)
    bob, deleted_with_bob = await users.create_user("bob")
    await users.revoke_token(revoked.token)
    await bob.delete()
    unknown = [users.digest_token(f"wax_unknown_{n}") for n in range(users.DIGESTS_PER_STATEMENT)]
    asked = [users.digest_token(t.token) for t in (kept, revoked, deleted_with_bob)] + unknown

    assert await users.active_digests(asked) == {users.digest_token(kept.token)}
    assert await users.active_digests([]) == set()


@pytest.mark.parametrize("name", ["an\x00n", "an\udcffn"])
async def test_a_user_name_no_database_stores_is_refused(app: object, name: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        await users.create_user(name)
    assert refused.value.field == "name"
    assert not await User.exists()
