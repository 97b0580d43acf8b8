"""The TensorList program of the cf_tensor_list.npz fixture (tools/make_control_flow_fixtures.py records TF's
results) and of tests/ops/test_tensor_list.py: raw ops only, so TF and sessionflow build the same graph."""

import numpy as np


def tensor_list_program(ops, constant, f32, i32):
    """A program over TensorList ops (`ops.<OpType>(**inputs_and_attrs)`): {name: tensor} of its results and
    {name: tensor} of runs that must fail. Built the same way by tests/ops/test_tensor_list.py."""
    t = constant(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], np.float32))
    shape = constant(np.array([2], np.int32))
    unknown = constant(np.array(-1, np.int32))
    lst = ops.TensorListFromTensor(tensor=t, element_shape=shape)
    lst2 = ops.TensorListSetItem(input_handle=lst, index=constant(np.int32(1)),
                                 item=constant(np.array([30.0, 40.0], np.float32)))
    results = {
        "item": ops.TensorListGetItem(input_handle=lst2, index=constant(np.int32(1)), element_shape=shape,
                                      element_dtype=f32),
        "stacked": ops.TensorListStack(input_handle=lst2, element_shape=shape, element_dtype=f32),
        "length": ops.TensorListLength(input_handle=lst2),
        "element_shape": ops.TensorListElementShape(input_handle=lst2, shape_type=i32),
        "gathered": ops.TensorListGather(input_handle=lst2, indices=constant(np.array([2, 0], np.int32)),
                                         element_shape=shape, element_dtype=f32),
    }
    pushed = ops.TensorListPushBack(input_handle=lst2, tensor=constant(np.array([7.0, 8.0], np.float32)))
    popped, results["last"] = ops.TensorListPopBack(input_handle=pushed, element_shape=shape, element_dtype=f32)
    results["after_pop"] = ops.TensorListStack(input_handle=popped, element_shape=shape, element_dtype=f32)
    reserved = ops.TensorListReserve(element_shape=shape, num_elements=constant(np.int32(3)), element_dtype=f32)
    one_set = ops.TensorListSetItem(input_handle=reserved, index=constant(np.int32(0)),
                                    item=constant(np.array([9.0, 9.0], np.float32)))
    results["reserved_one_set"] = ops.TensorListStack(input_handle=one_set, element_shape=shape, element_dtype=f32)
    scattered = ops.TensorListScatterIntoExistingList(
        input_handle=reserved, tensor=constant(np.array([[1.0, 1.0], [2.0, 2.0]], np.float32)),
        indices=constant(np.array([2, 0], np.int32)))
    results["scattered"] = ops.TensorListStack(input_handle=scattered, element_shape=shape, element_dtype=f32)
    shapeless = ops.TensorListReserve(element_shape=unknown, num_elements=constant(np.int32(2)), element_dtype=f32)
    results["unknown_element_shape"] = ops.TensorListElementShape(input_handle=shapeless, shape_type=i32)
    empty = ops.EmptyTensorList(element_shape=shape, max_num_elements=constant(np.int32(-1)), element_dtype=f32)
    results["empty_stacked"] = ops.TensorListStack(input_handle=empty, element_shape=shape, element_dtype=f32)
    failing = {
        "get_out_of_range": ops.TensorListGetItem(input_handle=lst, index=constant(np.int32(5)), element_shape=shape,
                                                  element_dtype=f32),
        "set_out_of_range": ops.TensorListSetItem(input_handle=lst, index=constant(np.int32(3)),
                                                  item=constant(np.array([0.0, 0.0], np.float32))),
        "stack_unset_unknown_shape": ops.TensorListStack(input_handle=shapeless, element_shape=unknown,
                                                         element_dtype=f32),
        "pop_empty": ops.TensorListPopBack(input_handle=empty, element_shape=shape, element_dtype=f32)[1],
    }
    return results, failing
