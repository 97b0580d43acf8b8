"""tf.make_template: a function wrapped so that its variables are made (with tf.get_variable) in one
variable scope on the first call and shared by every later call. Not an op family: it lives with the ops
so that the op package's import registers it, and it imports the variable-scope machinery when used."""

from __future__ import annotations

import functools

from ..framework.api import tf_export
from ..framework.graph import GraphKeys, get_default_graph


class Template:
    """A function whose variables live in the template's variable scope (made on the first call, reused
    on the others). A trainable variable made after the first call is an error, as in TF."""

    def __init__(self, name, func, create_scope_now=False, unique_name=None, custom_getter=None):
        from ..variable_scope import variable_scope

        if name is None:
            raise ValueError("name cannot be None.")
        self._func, self._name, self._unique_name, self._custom_getter = func, name, unique_name, custom_getter
        self._variable_scope = None
        if create_scope_now:
            with variable_scope(self._unique_name, default_name=None if unique_name else self._name,
                                custom_getter=custom_getter, auxiliary_name_scope=False) as vs:
                self._variable_scope = vs
        self._variables_created = False

    def _call_func(self, args, kwargs):
        graph = get_default_graph()
        if not self._variables_created:
            self._variables_created = True
            return self._func(*args, **kwargs)
        vars_at_start = len(graph.get_collection(GraphKeys.GLOBAL_VARIABLES))
        trainable_at_start = len(graph.get_collection(GraphKeys.TRAINABLE_VARIABLES))
        result = self._func(*args, **kwargs)
        trainable = graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)
        if trainable_at_start != len(trainable):
            raise ValueError("Trainable variable created when calling a template after the first time, perhaps you "
                             f"used tf.Variable when you meant tf.get_variable: {trainable[trainable_at_start:]}")
        created = graph.get_collection(GraphKeys.GLOBAL_VARIABLES)[vars_at_start:]
        if created:
            from .._behaviour import logging

            logging.info(
                "New variables created when calling a template after the first time, perhaps you used tf.Variable "
                "when you meant tf.get_variable: %s", created)
        return result

    def __call__(self, *args, **kwargs):
        from ..variable_scope import variable_scope

        if self._variable_scope is not None:
            with variable_scope(self._variable_scope, reuse=self._variables_created):
                return self._call_func(args, kwargs)
        with variable_scope(self._unique_name, self._name, custom_getter=self._custom_getter) as vs:
            self._variable_scope = vs
            return self._call_func(args, kwargs)

    @property
    def name(self):
        return self._name

    @property
    def func(self):
        return self._func

    @property
    def variable_scope(self):
        return self._variable_scope

    @property
    def variable_scope_name(self):
        if self._variable_scope is None:
            return None
        name = self._variable_scope.name
        return name + "/" if name else name

    def _collection(self, key):
        if not self._variables_created:
            return []
        return get_default_graph().get_collection(key, self.variable_scope_name)

    @property
    def variables(self):
        return self.global_variables + self.local_variables

    @property
    def trainable_variables(self):
        return self._collection(GraphKeys.TRAINABLE_VARIABLES)

    @property
    def non_trainable_variables(self):
        trainable = set(map(id, self.trainable_variables))
        return [v for v in self.global_variables if id(v) not in trainable]

    @property
    def global_variables(self):
        return self._collection(GraphKeys.GLOBAL_VARIABLES)

    @property
    def local_variables(self):
        return self._collection(GraphKeys.LOCAL_VARIABLES)

    weights = variables
    trainable_weights = trainable_variables
    non_trainable_weights = non_trainable_variables


@tf_export("make_template")
def make_template(name_, func_, create_scope_now_=False, unique_name_=None, custom_getter_=None, **kwargs):
    """`func_` (with `kwargs` bound) as a Template named `name_`: its variables are shared between calls."""
    if kwargs:
        func_ = functools.update_wrapper(functools.partial(func_, **kwargs), func_)
    return Template(name_, func_, create_scope_now=create_scope_now_, unique_name=unique_name_,
                    custom_getter=custom_getter_)
