"""The knowledge base: past reports chunked and embedded in Chroma, searchable with filters.

Chroma runs embedded (PersistentClient in a folder) by default, or as a `chroma run` server
when a host is configured. Embeddings are computed here and passed to Chroma explicitly, so
Chroma never downloads its default model and a server needs no embedding function.
"""

import hashlib
import logging
import secrets
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.kb.chunking import Chunk, chunk_report
from assistant.config import Settings
from assistant.kb.documents import SUPPORTED_SUFFIXES, load_report, require_report
from assistant.kb.embeddings import embedding_name, embeddings_from_settings
from assistant.errors import AssistantError, KnowledgeBaseError
from assistant.kb.lexical import LexicalIndex, blend
from assistant.kb.organs import same_bureau
from assistant.kb.verb_pairs import verb_pairs

log = logging.getLogger(__name__)
# How long this process trusts what it derived from the collection (the BM25 index, the bureaus, last
# year's reports) before it reads the collection's change marker again: its own writes are seen at
# once, another process's on a shared `chroma run` server within this many seconds.
CHANGE_RECHECK = 1.0
# The collection metadata key every write sets to a new random token (see KnowledgeBase._changed).
CHANGE_KEY = "changed"
# Bump when parsing or chunking changes, so unchanged files are indexed again.
INDEX_VERSION = "2"
WRITE_BATCH = 1000


@dataclass
class Hit:
    """A passage found by a search, with where it comes from."""

    text: str
    source: str
    bureau: str
    year: int | None
    part: str
    topic: str
    heading_path: str
    score: float
    start: int
    end: int
    section_label: str = ""
    item_label: str = ""
    level: str = ""  # the author's level: 省 / 市 / 区县 / 乡镇街道
    organ_kind: str = ""  # the author's kind: 应急管理 / 司法行政 / 人民政府 …
    kind: str = ""  # the passage: paragraph / item / table / heading
    verb_pairs: str = ""  # "noun=verb;…" mined at ingest, for the offline drafter's verbs

    def to_dict(self) -> dict:
        return {key: value for key, value in asdict(self).items() if key != "verb_pairs"}


@dataclass
class IngestResult:
    """What happened to one file: added, replaced, unchanged, or error (with the message)."""

    path: Path
    status: str
    chunks: int = 0
    error: str = ""


@dataclass
class DocumentInfo:
    """One indexed report as `kb list` shows it."""

    source: str
    bureau: str
    year: int | None
    chunks: int
    path: str
    level: str = ""
    organ_kind: str = ""


def open_client(settings: Settings):
    """A Chroma client: a server when a host is set, otherwise embedded in settings.kb_dir."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.chroma_host:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
        settings.kb_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.kb_dir), settings=chroma_settings)
    except Exception as e:  # chromadb raises several unrelated types when a server is down
        where = f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else settings.kb_dir
        raise KnowledgeBaseError(f"无法打开知识库（{where}）：{e}。请检查 Chroma 服务是否已启动、目录是否可写。") from e


class KnowledgeBase:
    """Ingest, list, remove and search past reports."""

    def __init__(self, client, embeddings: Embeddings, space: str, collection: str = "reports",
                 chunk_tokens: int = 400, ranking: str = "hybrid"):
        self.embeddings = embeddings
        self.chunk_tokens = chunk_tokens
        self.ranking = ranking  # "hybrid" (embedding and BM25 scores blended), "vector" or "lexical" alone
        self._lexical: LexicalIndex | None = None
        self._bureaus: set[str] | None = None
        self._state: tuple[str, int] | None = None  # the change marker and size the caches were built at
        self._state_checked = float("-inf")
        self.client, self.name = client, collection
        self.collection = client.get_or_create_collection(
            collection, metadata={"hnsw:space": "cosine", "embedding": space})
        built_with = (self.collection.metadata or {}).get("embedding")
        if built_with != space:
            raise KnowledgeBaseError(
                f"该知识库是用“{built_with}”向量化建立的，当前设置为“{space}”。"
                "请改回原设置，或用 --kb 指定新目录重新导入。")

    @classmethod
    def from_settings(cls, settings: Settings) -> "KnowledgeBase":
        return cls(open_client(settings), embeddings_from_settings(settings), embedding_name(settings),
                   settings.collection, settings.chunk_tokens)

    # --- writing -------------------------------------------------------------

    def ingest(self, paths: Iterable[Path], force: bool = False) -> Iterator[IngestResult]:
        """Ingest each file; one bad file, a lost Chroma server, or a file that is no report (unless
        forced) is reported and the rest go on."""
        for path in paths:
            try:
                yield self.ingest_file(path, force)
            except AssistantError as e:
                yield IngestResult(path, "error", error=str(e))
            except Exception as e:  # chromadb and httpx raise many unrelated types when a server goes away
                yield IngestResult(path, "error", error=f"{Path(path).name}：{lost_server(e)}该文件未写入，服务恢复后重新导入即可。")

    def ingest_file(self, path: Path, force: bool = False) -> IngestResult:
        """Index one report; unchanged files are skipped, changed ones replace their old chunks.
        A file with no report structure is refused unless forced."""
        path = Path(path)
        digest = _digest(path)
        source = path.name
        old = self.collection.get(where={"source": source}, include=["metadatas"])
        if old["ids"]:
            _refuse_namesake(source, path, old["metadatas"][0].get("path", ""))
        if old["ids"] and _complete(old["metadatas"], digest):
            return IngestResult(path, "unchanged", len(old["ids"]))
        report = load_report(path)
        if not force:
            require_report(report)
        chunks = chunk_report(report, self.chunk_tokens)
        self._write(chunks, source, digest, str(path.resolve()))
        stale = [i for i, m in zip(old["ids"], old["metadatas"]) if m.get("digest") != digest]
        if stale:  # none when this run completed a write of the same content that was cut short
            self.collection.delete(ids=stale)
        self._changed()
        return IngestResult(path, "replaced" if old["ids"] else "added", len(chunks))

    def _write(self, chunks: list[Chunk], source: str, digest: str, path: str) -> None:
        """Add all chunks of a document, or none: a failure removes what was written. Each chunk
        carries the document's chunk count, so a write that could not be undone is never taken
        for a complete one."""
        vectors = self.embeddings.embed_documents([c.embed_text for c in chunks])
        ids = [f"{source}:{digest[:12]}:{i}" for i in range(len(chunks))]
        metadatas = [_metadata(c, digest, path) | {"chunks": len(chunks)} for c in chunks]
        written = 0
        try:
            for i in range(0, len(chunks), WRITE_BATCH):
                window = slice(i, i + WRITE_BATCH)
                # upsert: a rerun after a write that could not be undone completes it
                self.collection.upsert(ids=ids[window], embeddings=vectors[window],
                                       documents=[c.text for c in chunks[window]], metadatas=metadatas[window])
                written = min(i + WRITE_BATCH, len(chunks))
        except Exception as e:
            self._roll_back(ids, source, written, e)
            raise KnowledgeBaseError(f"写入知识库失败（{source}）：{e}。该文件未写入，问题排除后重新导入即可。") from e

    def _roll_back(self, ids: list[str], source: str, written: int, cause: Exception) -> None:
        """Remove a half-written document; when even that fails, say what is left and what to do."""
        try:
            self.collection.delete(ids=ids)
        except Exception as e:  # the server that failed the write usually fails the rollback too
            raise KnowledgeBaseError(
                f"写入知识库中断（{source}）：{lost_server(cause)}已写入的 {written}/{len(ids)} 段未能撤回。"
                "这些段落不会被当作已导入：服务恢复后重新导入该文件即可补全，或用 report-assistant kb remove 移除。") from e

    def remove(self, source: str) -> int:
        """Remove a document and all its chunks; returns how many chunks went."""
        ids = self.collection.get(where={"source": source}, include=[])["ids"]
        if not ids:
            known = "、".join(d.source for d in self.documents()) or "（知识库为空）"
            raise KnowledgeBaseError(f"知识库中没有文档“{source}”。现有文档：{known}")
        self.collection.delete(ids=ids)
        self._changed()
        return len(ids)

    def sync(self, folders: list[Path]) -> Iterator[IngestResult]:
        """Bring the index in line with folders: ingest their reports (unchanged ones are skipped),
        then drop the documents whose file has left them."""
        yield from self.ingest(supported_files([f for f in folders if f.is_dir()]))
        for folder in folders:
            self.prune(folder, {f.name for f in supported_files([folder])} if folder.is_dir() else set())

    def prune(self, folder: Path, present: set[str]) -> list[str]:
        """Remove documents that came from folder but are no longer among the present file names."""
        folder_prefix = str(Path(folder).resolve()) + "/"
        gone = [d.source for d in self.documents() if d.path.startswith(folder_prefix) and d.source not in present]
        for source in gone:
            self.remove(source)
        return gone

    # --- reading -------------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        """Every indexed document with its chunk count, sorted by bureau and year."""
        infos: dict[str, DocumentInfo] = {}
        for meta in self.collection.get(include=["metadatas"])["metadatas"]:
            info = infos.setdefault(meta["source"], DocumentInfo(
                meta["source"], meta.get("bureau", ""), meta.get("year"), 0, meta.get("path", ""),
                meta.get("level", ""), meta.get("organ_kind", "")))
            info.chunks += 1
        return sorted(infos.values(), key=lambda d: (d.bureau, d.year or 0, d.source))

    def resolve_bureau(self, name: str) -> str:
        """The indexed bureau a person means: an exact name, the one containing what they typed, or
        the one that is the same organ of the same place (样板县应急局 → 样板县应急管理局)."""
        bureaus = self.bureaus()
        if name in bureaus:
            return name
        for matches in ([b for b in bureaus if name in b], [b for b in bureaus if same_bureau(name, b)]):
            if len(matches) == 1:
                return matches[0]
        return name

    def bureaus(self) -> set[str]:
        """The indexed bureaus, read again only when the collection changed: reading every passage's
        metadata was two thirds of a draft's time, twice per draft."""
        self.refresh()
        if self._bureaus is None:
            self._bureaus = {d.bureau for d in self.documents() if d.bureau}
        return self._bureaus

    def version(self) -> tuple[str, int]:
        """What the collection's content is known by now (its change marker and passage count), for
        caches kept outside it; checked at most every CHANGE_RECHECK seconds."""
        self.refresh()
        return self._state

    def count(self) -> int:
        return self.collection.count()

    def search(self, query: str, k: int = 5, *, part: str | None = None, topic: str | None = None,
               bureau: str | None = None, year: int | None = None, level: str | None = None,
               kind: str | None = None) -> list[Hit]:
        """The k passages best matching the query, optionally only of one part, topic, bureau, year,
        level (省/市/区县/乡镇街道) or kind of author (司法行政, 人民政府 …)."""
        if not query.strip():
            raise KnowledgeBaseError("检索内容为空：请输入要查找的主题或句子。")
        where = _where(part=part, topic=topic, bureau=self.resolve_bureau(bureau) if bureau else None, year=year,
                       level=level, organ_kind=kind)
        vector = self.embeddings.embed_query(query)
        if self.ranking == "vector":
            return self._nearest(vector, k, where)
        if self.ranking in ("lexical", "lexical-words"):  # BM25 alone, measured in bench/bench_retrieval.py
            ids = self.lexical().rank(query, where, k)
            return self._hits(ids, self._similarities(ids, vector))
        return self._blended(query, vector, k, where)

    def _blended(self, query: str, vector: list[float], k: int, where: dict | None) -> list[Hit]:
        """The embedding's nearest passages and BM25's best, re-ranked by their blended scores."""
        pool = max(4 * k, 40)  # candidates each ranking brings
        near = self.collection.query(query_embeddings=[vector], n_results=pool, where=where, include=["distances"])
        similarities = {i: 1.0 - d for i, d in zip(near["ids"][0], near["distances"][0])}
        lexical = self.lexical().scores(query, where, pool)
        similarities |= self._similarities([i for i in lexical if i not in similarities], vector)
        ranked = blend(similarities, lexical, k)
        return self._hits([doc_id for doc_id, _ in ranked], similarities)

    def _similarities(self, ids: list[str], vector: list[float]) -> dict[str, float]:
        """Cosine similarity to the query of passages the embedding search did not bring."""
        if not ids:
            return {}
        found = self.collection.get(ids=ids, include=["embeddings"])
        return {i: _cosine(vector, emb) for i, emb in zip(found["ids"], found["embeddings"])}

    def _nearest(self, vector: list[float], k: int, where: dict | None) -> list[Hit]:
        result = self.collection.query(query_embeddings=[vector], n_results=k, where=where,
                                       include=["documents", "metadatas", "distances"])
        return [_hit(text, meta, distance) for text, meta, distance
                in zip(result["documents"][0], result["metadatas"][0], result["distances"][0])]

    def _hits(self, ids: list[str], similarities: dict[str, float]) -> list[Hit]:
        """The hits of the ranked ids, in their order, scored by their cosine similarity to the query."""
        if not ids:
            return []
        found = self.collection.get(ids=ids, include=["documents", "metadatas"])
        records = {i: (text, meta) for i, text, meta in zip(found["ids"], found["documents"], found["metadatas"])}
        return [_hit(*records[i], 1.0 - similarities.get(i, 0.0)) for i in ids if i in records]

    def lexical(self) -> LexicalIndex:
        """The BM25 index of the collection as it is now: built again after every ingest, replace,
        remove and prune of this process at once, and of another process within CHANGE_RECHECK seconds."""
        grams = self.ranking != "lexical-words"  # jieba words alone: the plain BM25 the bench compares with
        self.refresh()
        if self._lexical is None or self._lexical.grams != grams:
            records = self._records()
            texts = [f"{meta.get('heading_path', '')}\n{text}" for text, meta in zip(records["documents"], records["metadatas"])]
            self._lexical = LexicalIndex(records["ids"], texts, records["metadatas"], grams)
        return self._lexical

    def _records(self) -> dict[str, list]:
        """Every chunk's id, text and metadata, read in pages (one get of thousands is several times slower)."""
        records: dict[str, list] = {"ids": [], "documents": [], "metadatas": []}
        while True:
            page = self.collection.get(include=["documents", "metadatas"], limit=WRITE_BATCH, offset=len(records["ids"]))
            for key in records:
                records[key] += page[key]
            if len(page["ids"]) < WRITE_BATCH:
                return records

    def refresh(self) -> None:
        """Drop the BM25 index and the bureaus when the collection changed since they were built
        (by this process or another one sharing the server); asks Chroma at most every CHANGE_RECHECK
        seconds, two small requests instead of listing every passage."""
        if time.monotonic() < self._state_checked + CHANGE_RECHECK:
            return
        state = self._read_state()  # read before the caches are built again, so no write slips between
        if state != self._state:
            self._lexical, self._bureaus, self._state = None, None, state
        self._state_checked = time.monotonic()

    def _read_state(self) -> tuple[str, int]:
        """The collection's change marker, and its passage count (which also catches a writer that
        sets no marker, such as an older version of this program)."""
        metadata = self.client.get_collection(self.name).metadata or {}
        return str(metadata.get(CHANGE_KEY, "")), self.collection.count()

    def _changed(self) -> None:
        """This process wrote to the collection: mark it changed for every process sharing it, and
        build the caches again at the next use."""
        self._state, self._state_checked = None, float("-inf")
        # Chroma replaces the whole metadata and refuses hnsw keys once the collection exists
        kept = {k: v for k, v in (self.collection.metadata or {}).items() if not k.startswith("hnsw:")}
        try:
            self.collection.modify(metadata=kept | {CHANGE_KEY: secrets.token_hex(8)})
        except Exception as e:  # the write itself went through; other processes still see the new count
            log.warning("could not mark the collection changed: %s", e)

    def section_passages(self, source: str, heading_path: str) -> list[Hit]:
        """Every passage of one section of one document, in document order (for whole-section examples)."""
        result = self.collection.get(where=_section_where(source, heading_path), include=["documents", "metadatas"])
        hits = [_hit(text, meta, 1.0) for text, meta in zip(result["documents"], result["metadatas"])]
        return sorted(hits, key=lambda h: h.start)


def _section_where(source: str, heading_path: str) -> dict:
    return {"$and": [{"source": source}, {"heading_path": heading_path}]}


def supported_files(paths: Iterable[Path]) -> list[Path]:
    """The report files named, with folders expanded to the supported files inside them."""
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            files.append(path)
    return files


def _refuse_namesake(source: str, path: Path, indexed_path: str) -> None:
    """A document is known by its file name: another file of that name, still on disk, is refused."""
    if indexed_path and indexed_path != str(path.resolve()) and Path(indexed_path).exists():
        raise KnowledgeBaseError(f"知识库中已有同名文档“{source}”（来自 {indexed_path}）：请把文件改名后再导入，"
                                 "或先用 report-assistant kb remove 移除旧文档。")


def lost_server(error: Exception) -> str:
    """What a person is told when Chroma failed underneath a write."""
    return f"知识库服务无法访问或出错（{type(error).__name__}），请检查 Chroma 服务是否仍在运行。"


def _complete(metadatas: list[dict], digest: str) -> bool:
    """Whether the indexed chunks are one whole write of this file's content."""
    if not all(m.get("digest") == digest for m in metadatas):
        return False
    return all(m.get("chunks", len(metadatas)) == len(metadatas) for m in metadatas)


def _digest(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise KnowledgeBaseError(f"无法读取文件“{path}”：{e.strerror}") from e
    return hashlib.sha256(INDEX_VERSION.encode() + data).hexdigest()


def _metadata(chunk: Chunk, digest: str, path: str) -> dict:
    meta = {"source": chunk.source, "bureau": chunk.bureau, "part": chunk.part, "topic": chunk.topic,
            "heading_path": chunk.heading_path, "start": chunk.start, "end": chunk.end, "kind": chunk.kind,
            "section_label": chunk.section_label, "item_label": chunk.item_label, "digest": digest, "path": path,
            "level": chunk.level, "organ_kind": chunk.organ_kind, "verb_pairs": verb_pairs(chunk.text)}
    if chunk.year is not None:  # Chroma metadata cannot hold None
        meta["year"] = chunk.year
    return meta


def _where(**filters) -> dict | None:
    clauses = [{key: value} for key, value in filters.items() if value not in (None, "")]
    if len(clauses) > 1:
        return {"$and": clauses}
    return clauses[0] if clauses else None


def _hit(text: str, meta: dict, distance: float) -> Hit:
    return Hit(text=text, source=meta["source"], bureau=meta.get("bureau", ""), year=meta.get("year"),
               part=meta["part"], topic=meta["topic"], heading_path=meta["heading_path"],
               score=round(1.0 - distance, 4), start=meta["start"], end=meta["end"],
               section_label=meta.get("section_label", ""), item_label=meta.get("item_label", ""),
               level=meta.get("level", ""), organ_kind=meta.get("organ_kind", ""), kind=meta.get("kind", ""),
               verb_pairs=meta.get("verb_pairs", ""))


def _cosine(a, b) -> float:
    a, b = np.asarray(a, dtype=np.float32), np.asarray(b, dtype=np.float32)
    norms = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / norms if norms else 0.0
