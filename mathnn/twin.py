"""TwinRandom: a random generator that mathnn and mathnn.js both have  (chapter 11).

numpy's generators cannot be rebuilt in a browser, so a page that draws its own data and
starting weights could not be repeated in Python. TwinRandom can: mathnn.js has the same
class (`new mnn.TwinRandom(seed)`), the same algorithm step by step, and
tests/test_parity.py checks that both give the same numbers. Pass it wherever mathnn takes
an `rng` (the data sets, `split`, `Dense`, `train`): it has the methods they call on a
numpy Generator, with numpy's signatures.

The algorithm, in full:

- **State**: one 32-bit whole number, the seed (0 <= seed < 2**32).
- **next_uint32()** (mulberry32, by Tommy Ettinger, public domain): add 0x6D2B79F5 to the
  state (mod 2**32), then mix it; every product and sum is taken mod 2**32, as JavaScript's
  Math.imul and its 32-bit bit operations do:

      t = state
      t = (t ^ (t >> 15)) * (t | 1)
      t = t ^ (t + (t ^ (t >> 7)) * (t | 61))
      return t ^ (t >> 14)

- **Uniforms** (used by the methods below): u = next_uint32() / 2**32, in [0, 1).
- **Normals** (Box-Muller, the cosine half only; nothing is cached): draw u1 then u2,
  z = sqrt(-2 log(1 - u1)) * cos(2 pi u2). 1 - u1 lies in (0, 1], so the log is finite.
  Each normal uses two draws.
- **permutation(n)** (Fisher-Yates): start from 0, 1, ..., n - 1; for i = n - 1 down to 1,
  draw j = floor(u (i + 1)), an index in 0..i, and swap entries i and j.
- **choice(values, size)**: each entry, in C order (row by row), is values[floor(u k)]
  with k = len(values). (In Python `values` may also be a whole number k, meaning
  range(k), as numpy allows; mathnn.js takes a list.)
- Arrays of a given `size` are filled in C order (row by row), one draw after the other.

Two sides can disagree in the last digit of a normal (log and cos may round differently
by one unit in the last place); whole numbers, uniforms, permutations and choices agree
exactly. Sizes are None (one number), n, or (rows, columns) in mathnn.js; any shape here.
"""
import math

import numpy as np

_M32 = 0xFFFFFFFF
_GOLDEN = 0x6D2B79F5


class TwinRandom:
    """TwinRandom(seed): mulberry32 with numpy's method names; mathnn.js has the same class.

    seed: a whole number, 0 <= seed < 2**32. Methods: next_uint32(), standard_normal(size),
    permutation(n), choice(values, size).
    """

    def __init__(self, seed):
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= _M32:
            raise ValueError(f"seed must be a whole number from 0 to 2**32 - 1; got {seed!r}")
        self.seed = int(seed)
        self.state = int(seed)

    def next_uint32(self):
        """The next 32-bit whole number, 0 <= n < 2**32 (mulberry32)."""
        self.state = t = (self.state + _GOLDEN) & _M32
        t = ((t ^ (t >> 15)) * (t | 1)) & _M32
        t ^= (t + ((t ^ (t >> 7)) * (t | 61) & _M32)) & _M32
        return t ^ (t >> 14)

    def _uniform(self):
        return self.next_uint32() / 4294967296.0

    def _normal(self):
        u1, u2 = self._uniform(), self._uniform()
        return math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)

    def _fill(self, draw, size):
        if size is None:
            return draw()
        shape = (size,) if isinstance(size, (int, np.integer)) else tuple(size)
        return np.array([draw() for _ in range(math.prod(shape))], dtype=np.float64).reshape(shape)

    def standard_normal(self, size=None):
        """Normal numbers (mean 0, standard deviation 1), by Box-Muller: one float, or an
        array of shape `size`, filled in C order."""
        return self._fill(self._normal, size)

    def permutation(self, x):
        """A shuffled copy of range(x) (x an int) or of the array x (along its first axis),
        by Fisher-Yates."""
        if isinstance(x, (int, np.integer)):
            order = list(range(int(x)))
            for i in range(len(order) - 1, 0, -1):
                j = (self.next_uint32() * (i + 1)) >> 32  # floor(u (i + 1)), exactly
                order[i], order[j] = order[j], order[i]
            return np.array(order, dtype=np.int64)
        x = np.asarray(x)
        return x[self.permutation(len(x))]

    def choice(self, values, size=None):
        """Entries of `values` drawn with replacement: one, or an array of shape `size`.

        `values` may be a whole number k, meaning range(k), as in numpy.
        """
        values = np.arange(values) if isinstance(values, (int, np.integer)) else np.asarray(values)
        k = len(values)

        def draw():
            return (self.next_uint32() * k) >> 32
        if size is None:
            return values[draw()]
        shape = (size,) if isinstance(size, (int, np.integer)) else tuple(size)
        return values[np.array([draw() for _ in range(math.prod(shape))], dtype=np.int64)].reshape(shape)

    def __repr__(self):
        return f"TwinRandom(seed={self.seed})"
