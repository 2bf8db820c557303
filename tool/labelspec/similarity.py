"""Sparse TF-IDF vectors over label texts and their nearest neighbours.

Comparing every pair of labels is quadratic, and a taxonomy of 50,000 labels has
1.25 billion pairs. Instead each label becomes a sparse vector of weighted terms
(lemmas), and the neighbours of a chunk of labels come from one sparse matrix
product with all the others, keeping only the ``top_k`` best per label. Terms that
occur in very many labels (``max_df``) propose no candidates: they tell labels
apart poorly, and they are what would make the product dense. They still count in
the scores of the pairs that other terms propose.

numpy and scipy are imported inside the functions so that importing this module
(and the linter's rule modules) stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
    from scipy.sparse import csr_matrix


@dataclass(frozen=True)
class Neighbour:
    """A candidate pair (``first`` < ``second``, row indices) and its cosine."""

    first: int
    second: int
    score: float


class TermVectors:
    """L2-normalised TF-IDF rows, one per document (a mapping term -> raw weight).

    The raw weight is the term frequency a caller chose: a label's name may count
    more than a word of its definition. IDF is the smoothed ``log((n+1)/(df+1)) + 1``.
    """

    def __init__(self, documents: Sequence[Mapping[str, float]]) -> None:
        import numpy as np
        from scipy.sparse import csr_matrix

        vocabulary: dict[str, int] = {}
        indptr = [0]
        indices: list[int] = []
        weights: list[float] = []
        for document in documents:
            for term, weight in document.items():
                indices.append(vocabulary.setdefault(term, len(vocabulary)))
                weights.append(weight)
            indptr.append(len(indices))
        self.vocabulary = vocabulary
        self.size = len(documents)
        columns = np.asarray(indices, dtype=np.int64)
        self.df: NDArray[np.int64] = np.bincount(columns, minlength=len(vocabulary))
        self.idf: NDArray[np.float64] = (
            np.log((self.size + 1) / (self.df + 1.0)) + 1.0 if len(vocabulary) else np.zeros(0)
        )
        data = np.asarray(weights, dtype=np.float64) * self.idf[columns]
        matrix = csr_matrix(
            (data, columns, np.asarray(indptr, dtype=np.int64)),
            shape=(self.size, len(vocabulary)),
        )
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        self.matrix: csr_matrix = csr_matrix(matrix.multiply(1.0 / norms[:, None]))
        self.matrix.sort_indices()

    def term_ids(self, row: int) -> NDArray[np.int64]:
        """The column ids of the terms of one document."""
        start, end = self.matrix.indptr[row], self.matrix.indptr[row + 1]
        found: NDArray[np.int64] = self.matrix.indices[start:end]
        return found

    def nearest(
        self,
        top_k: int = 10,
        max_df: int = 200,
        min_score: float = 0.0,
        rows: Iterable[int] | None = None,
        chunk: int = 2048,
    ) -> list[Neighbour]:
        """Each document's ``top_k`` most similar other documents, as pairs once.

        Only terms shared by 2 to ``max_df`` documents propose pairs; the score is
        the cosine over those terms (a lower bound of the full cosine, which
        :meth:`cosines` gives). ``rows`` restricts both sides to some documents.
        """
        import numpy as np
        from scipy.sparse import csr_matrix, diags

        if self.size < 2 or not self.vocabulary:
            return []
        useful = ((self.df >= 2) & (self.df <= max_df)).astype(np.float64)
        keep_rows = np.zeros(self.size)
        if rows is None:
            keep_rows[:] = 1.0
        else:
            keep_rows[list(rows)] = 1.0
        candidates = csr_matrix(diags(keep_rows) @ self.matrix @ diags(useful))
        candidates.eliminate_zeros()
        transposed = csr_matrix(candidates.T)
        found: dict[tuple[int, int], float] = {}
        active = np.flatnonzero(np.diff(candidates.indptr))
        for begin in range(0, len(active), chunk):
            block_rows = active[begin : begin + chunk]
            products = csr_matrix(candidates[block_rows] @ transposed)
            for offset, row in enumerate(block_rows):
                start, end = products.indptr[offset], products.indptr[offset + 1]
                others = products.indices[start:end]
                scores = products.data[start:end]
                mask = (others != row) & (scores > min_score)
                others, scores = others[mask], scores[mask]
                if len(others) > top_k:
                    best = np.argpartition(-scores, top_k - 1)[:top_k]
                    others, scores = others[best], scores[best]
                for other, score in zip(others.tolist(), scores.tolist(), strict=True):
                    key = (int(row), other) if row < other else (other, int(row))
                    found[key] = score
        return [Neighbour(first, second, score) for (first, second), score in sorted(found.items())]

    def cosines(self, pairs: Sequence[tuple[int, int]]) -> list[float]:
        """The full cosine of each (row, row) pair, computed for all pairs at once."""
        import numpy as np

        if not pairs:
            return []
        first = np.fromiter((pair[0] for pair in pairs), dtype=np.int64, count=len(pairs))
        second = np.fromiter((pair[1] for pair in pairs), dtype=np.int64, count=len(pairs))
        products = self.matrix[first].multiply(self.matrix[second])
        return [float(value) for value in np.asarray(products.sum(axis=1)).ravel()]
