"""factor_analyzer 0.5.1 on scikit-learn >= 1.6: it calls check_array(force_all_finite=...), a keyword
scikit-learn renamed to ensure_all_finite (and removed in 1.8). Importing this module first makes
factor_analyzer's modules call check_array with the new name; nothing else changes."""
import importlib
import pkgutil

import factor_analyzer
import sklearn.utils.validation as _validation

_check_array = _validation.check_array


def _compatible_check_array(*args, force_all_finite=None, **kwargs):
    if force_all_finite is not None:
        kwargs.setdefault("ensure_all_finite", force_all_finite)
    return _check_array(*args, **kwargs)


for _info in pkgutil.iter_modules(factor_analyzer.__path__):
    _mod = importlib.import_module(f"factor_analyzer.{_info.name}")
    if hasattr(_mod, "check_array"):
        _mod.check_array = _compatible_check_array
