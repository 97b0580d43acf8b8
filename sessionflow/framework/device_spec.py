"""`tf.DeviceSpec` as TF1 has it (TF's DeviceSpecV1): a device name's parts (job, replica, task, device type
and index), parsed from and printed to TF's `/job:ps/replica:0/task:1/device:GPU:2` form, merged and
replaced. sessionflow runs every op on the host, so a spec is a name only; programs build and compare them."""

from __future__ import annotations

from .api import tf_export

# The device types TF's parser accepts without `device:` (`/gpu:0`), as TF 2.21 registers them.
VALID_DEVICE_TYPES = frozenset({"CPU", "GPU", "TPU", "CUSTOM", "EPU"})


def _as_str_or_none(value):
    return None if value is None else str(value)


def _as_int_or_none(value):
    return None if value is None else int(value)


def _as_device_type(value):
    if value in ("cpu", "gpu"):  # TF keeps accepting the lowercase forms of these two
        return value.upper()
    return _as_str_or_none(value)


def string_to_components(spec: str | None) -> tuple:
    """(job, replica, task, device_type, device_index) of a device string; TF's ValueErrors for bad parts."""
    job = replica = task = device_type = device_index = None
    for part in (spec or "").split("/"):
        fields = part.split(":")
        count = len(fields)
        if count == 2 and fields[0] == "job":
            job = fields[1]
        elif count == 2 and fields[0] == "replica":
            replica = fields[1]
        elif count == 2 and fields[0] == "task":
            task = fields[1]
        elif count in (1, 2) and fields[0].upper() in VALID_DEVICE_TYPES:
            if device_type is not None:
                raise ValueError(f"Multiple device types are not allowed while parsing the device spec: {spec}.")
            device_type = fields[0].upper()
            if count == 2 and fields[1] != "*":
                device_index = int(fields[1])
        elif count == 3 and fields[0] == "device":
            if device_type is not None:
                raise ValueError(f"Multiple device types are not allowed while parsing the device spec: {spec}.")
            device_type = fields[1]
            if fields[2] != "*":
                device_index = int(fields[2])
        elif count and fields[0] != "":
            raise ValueError(f"Unknown attribute '{fields[0]}' is encountered while parsing the device spec: "
                             f"'{spec}'.")
    return (_as_str_or_none(job), _as_int_or_none(replica), _as_int_or_none(task), _as_device_type(device_type),
            _as_int_or_none(device_index))


def components_to_string(job, replica, task, device_type, device_index) -> str:
    out = ""
    if job is not None:
        out += f"/job:{job}"
    if replica is not None:
        out += f"/replica:{replica}"
    if task is not None:
        out += f"/task:{task}"
    if device_type is not None:
        out += f"/device:{device_type}:{'*' if device_index is None else device_index}"
    return out


_FIELDS = ("job", "replica", "task", "device_type", "device_index")


@tf_export("DeviceSpec")
class DeviceSpec:
    """A (partial) device name: `DeviceSpec(job="ps", task=0)`, `DeviceSpec.from_string("/gpu:1")`. As TF1's
    DeviceSpec its fields can be set and `merge_from`/`parse_from_string` change it in place."""

    __slots__ = ("_device_index", "_device_type", "_job", "_replica", "_task")

    def __init__(self, job=None, replica=None, task=None, device_type=None, device_index=None):
        self._job = _as_str_or_none(job)
        self._replica = _as_int_or_none(replica)
        self._task = _as_int_or_none(task)
        self._device_type = _as_device_type(device_type)
        self._device_index = _as_int_or_none(device_index)

    @classmethod
    def from_string(cls, spec: str) -> DeviceSpec:
        return cls(*string_to_components(spec))

    def to_string(self) -> str:
        return components_to_string(self._job, self._replica, self._task, self._device_type, self._device_index)

    def parse_from_string(self, spec: str) -> DeviceSpec:
        """Replaces every field by `spec`'s (TF1: in place); returns self."""
        (self._job, self._replica, self._task, self._device_type,
         self._device_index) = string_to_components(spec)
        return self

    def merge_from(self, dev: DeviceSpec) -> None:
        """Sets the fields `dev` has (not None) on this spec, in place."""
        for field in _FIELDS:
            value = getattr(dev, field)
            if value is not None:
                setattr(self, "_" + field, value)

    def make_merged_spec(self, dev: DeviceSpec) -> DeviceSpec:
        """A new spec: this one's fields, overridden by those `dev` has."""
        merged = self.replace()
        merged.merge_from(dev)
        return merged

    def replace(self, **kwargs) -> DeviceSpec:
        fields = {field: getattr(self, field) for field in _FIELDS}
        fields.update(kwargs)
        return type(self)(**fields)

    job = property(lambda self: self._job, lambda self, v: setattr(self, "_job", _as_str_or_none(v)))
    replica = property(lambda self: self._replica, lambda self, v: setattr(self, "_replica", _as_int_or_none(v)))
    task = property(lambda self: self._task, lambda self, v: setattr(self, "_task", _as_int_or_none(v)))
    device_type = property(lambda self: self._device_type,
                           lambda self, v: setattr(self, "_device_type", _as_device_type(v)))
    device_index = property(lambda self: self._device_index,
                            lambda self, v: setattr(self, "_device_index", _as_int_or_none(v)))

    def __eq__(self, other):
        return isinstance(other, DeviceSpec) and self.to_string() == other.to_string()

    def __hash__(self):
        return hash(self.to_string())

    def __repr__(self):
        shown = ", ".join(f"{field}={getattr(self, field)}" for field in _FIELDS)
        return f"<DeviceSpec({shown})>"
