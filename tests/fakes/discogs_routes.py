"""The fake Discogs's routes, answering like the real API from the fake's catalogue."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from aiohttp import web

from tests.fakes import discogs_data
from tests.fakes.discogs_data import Release
from tests.fakes.discogs_traffic import UNAUTHENTICATED, json_response, traffic_middleware

if TYPE_CHECKING:
    from tests.fakes.discogs_server import FakeDiscogs, Instance

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50
ALL_FOLDER = 0
UNCATEGORIZED_FOLDER = 1


def build_app(fake: FakeDiscogs) -> web.Application:
    routes = DiscogsRoutes(fake)
    app = web.Application(middlewares=[traffic_middleware(fake)])
    app.router.add_get("/database/search", routes.search)
    app.router.add_get("/releases/{release_id}", routes.release)
    app.router.add_get("/oauth/identity", routes.identity)
    app.router.add_get("/users/{username}/collection/folders", routes.folders)
    app.router.add_get("/users/{username}/collection/folders/{folder_id}/releases", routes.page)
    app.router.add_post(
        "/users/{username}/collection/folders/{folder_id}/releases/{release_id}", routes.add
    )
    app.router.add_get("/users/{username}/collection/releases/{release_id}", routes.by_release)
    return app


class DiscogsRoutes:
    def __init__(self, fake: FakeDiscogs) -> None:
        self.fake = fake

    async def search(self, request: web.Request) -> web.StreamResponse:
        query = request.query
        if query.get("type", "") not in {"", "release"}:
            matches: list[Release] = []
        else:
            matches = [r for r in self.fake.releases.values() if search_matches(r, query)]
        pagination, results = self._page(request, matches, discogs_data.search_result)
        return web.json_response({"pagination": pagination, "results": results})

    async def release(self, request: web.Request) -> web.StreamResponse:
        release = self._known_release(request.match_info["release_id"])
        if release is None:
            return json_response({"message": "Release not found."}, 404)
        return web.json_response(release)

    async def identity(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("Authorization", "") != self.fake.authorization:
            return json_response({"message": UNAUTHENTICATED}, 401)
        username = self.fake.username
        return web.json_response(
            {
                "id": 1,
                "username": username,
                "resource_url": f"{self.fake.url}/users/{username}",
                "consumer_name": "wax",
            }
        )

    async def folders(self, request: web.Request) -> web.StreamResponse:
        username = request.match_info["username"]
        instances = self.fake.collections.get(username)
        if instances is None:
            return _no_user()
        folder_ids = sorted({ALL_FOLDER, UNCATEGORIZED_FOLDER, *(i.folder_id for i in instances)})
        names = {ALL_FOLDER: "All", UNCATEGORIZED_FOLDER: "Uncategorized"}
        folders = [
            {
                "id": folder_id,
                "name": names.get(folder_id, f"Folder {folder_id}"),
                "count": sum(1 for i in instances if folder_id in {ALL_FOLDER, i.folder_id}),
                "resource_url": f"{self.fake.url}/users/{username}/collection/folders/{folder_id}",
            }
            for folder_id in folder_ids
        ]
        return web.json_response({"folders": folders})

    async def page(self, request: web.Request) -> web.StreamResponse:
        instances = self.fake.collections.get(request.match_info["username"])
        if instances is None:
            return _no_user()
        folder_id = int_or_none(request.match_info["folder_id"])
        if folder_id is None:
            return json_response({"message": "Folder not found."}, 404)
        in_folder = [i for i in instances if folder_id in {ALL_FOLDER, i.folder_id}]
        pagination, items = self._page(request, in_folder, self._item)
        return web.json_response({"pagination": pagination, "releases": items})

    async def by_release(self, request: web.Request) -> web.StreamResponse:
        instances = self.fake.collections.get(request.match_info["username"])
        if instances is None:
            return _no_user()
        release = self._known_release(request.match_info["release_id"])
        if release is None:
            return json_response({"message": "Release not found."}, 404)
        mine = [i for i in instances if i.release_id == release["id"]]
        pagination, items = self._page(request, mine, self._item, everything=True)
        return web.json_response({"pagination": pagination, "releases": items})

    async def add(self, request: web.Request) -> web.StreamResponse:
        username = request.match_info["username"]
        if username != self.fake.username:
            return json_response(
                {"message": "You don't have permission to access this resource."}, 403
            )
        folder_id = int_or_none(request.match_info["folder_id"])
        if folder_id is None or folder_id == ALL_FOLDER:
            return json_response({"message": "Releases cannot be added to that folder."}, 422)
        release = self._known_release(request.match_info["release_id"])
        if release is None:
            return json_response({"message": "Release not found."}, 404)
        instance = self.fake.add_to_collection(release["id"], username, folder_id=folder_id)
        return web.json_response(
            {
                "instance_id": instance.instance_id,
                "resource_url": (
                    f"{self.fake.url}/users/{username}/collection/folders/{folder_id}"
                    f"/releases/{release['id']}/instances/{instance.instance_id}"
                ),
            },
            status=201,
        )

    def _known_release(self, raw_id: str) -> Release | None:
        release_id = int_or_none(raw_id)
        return None if release_id is None else self.fake.releases.get(release_id)

    def _item(self, instance: Instance) -> dict[str, Any]:
        return {
            "id": instance.release_id,
            "instance_id": instance.instance_id,
            "folder_id": instance.folder_id,
            "rating": instance.rating,
            "date_added": instance.date_added.isoformat(),
            "basic_information": discogs_data.basic_information(
                self.fake.releases[instance.release_id]
            ),
        }

    def _page(
        self,
        request: web.Request,
        items: list[Any],
        render: Callable[[Any], dict[str, Any]],
        *,
        everything: bool = False,
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """One page of `items` with Discogs's pagination object (absolute `urls`)."""
        page, per_page = (1, max(1, len(items))) if everything else paging(request.query)
        pages = max(1, -(-len(items) // per_page))

        def url_for(number: int) -> str:
            params = {**request.query, "page": str(number), "per_page": str(per_page)}
            return f"{self.fake.url}{request.path}?{urlencode(params)}"

        urls: dict[str, str] = {}
        if page > 1:
            urls["first"] = url_for(1)
            urls["prev"] = url_for(min(page - 1, pages))
        if page < pages:
            urls["next"] = url_for(page + 1)
            urls["last"] = url_for(pages)
        pagination = {
            "page": page,
            "pages": pages,
            "per_page": per_page,
            "items": len(items),
            "urls": urls,
        }
        chunk = items[(page - 1) * per_page : page * per_page]
        return pagination, [copy.deepcopy(render(item)) for item in chunk]


def search_matches(release: Release, query: Mapping[str, str]) -> bool:
    """Discogs's search filters, each optional: catno, barcode, artist, release_title, q."""
    norm = discogs_data.normalise_code
    catno = query.get("catno")
    if catno and norm(catno) not in {norm(c) for c in discogs_data.catalog_numbers_of(release)}:
        return False
    barcode = query.get("barcode")
    if barcode and norm(barcode) not in {norm(b) for b in discogs_data.barcodes_of(release)}:
        return False
    names = [name.lower() for name in discogs_data.artist_names_of(release)]
    artist = (query.get("artist") or "").lower()
    if artist and not any(artist in name for name in names):
        return False
    title = str(release.get("title", "")).lower()
    release_title = (query.get("release_title") or "").lower()
    if release_title and release_title not in title:
        return False
    text = " ".join([*names, title])
    return all(word in text for word in (query.get("q") or "").lower().split())


def paging(query: Mapping[str, str]) -> tuple[int, int]:
    page = int_or_none(query.get("page")) or 1
    per_page = int_or_none(query.get("per_page")) or DEFAULT_PER_PAGE
    return max(1, page), max(1, min(MAX_PER_PAGE, per_page))


def int_or_none(raw: str | None) -> int | None:
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def _no_user() -> web.Response:
    return json_response({"message": "User does not exist or may have been deleted."}, 404)
