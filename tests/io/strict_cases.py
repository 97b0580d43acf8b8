"""Damaged event files and invalid GraphDefs, recorded with TensorFlow (tools/record_strict_reading.py) and
replayed on sessionflow (tests/io/test_strict_reading.py): both sides build them from this module."""

import struct

GRAPH_DEF_CASES = {}
"""name -> (GraphDef in text format, import_graph_def's `name`)."""


def _const(name, dtype="DT_FLOAT", value="tensor_shape {} float_val: 1"):
    return (f'node {{ name: "{name}" op: "Const" attr {{ key: "dtype" value {{ type: {dtype} }} }} '
            f'attr {{ key: "value" value {{ tensor {{ dtype: {dtype} {value} }} }} }} }}\n')


def _int(name):
    return _const(name, "DT_INT32", "tensor_shape {} int_val: 2")


def _placeholder(name, shape_text):
    return (f'node {{ name: "{name}" op: "Placeholder" attr {{ key: "dtype" value {{ type: DT_FLOAT }} }} '
            f'attr {{ key: "shape" value {{ shape {{ {shape_text} }} }} }} }}\n')


_ADD = 'node { name: "add" op: "AddV2" input: "a" input: "b" %s}\n'
_T_FLOAT = 'attr { key: "T" value { type: DT_FLOAT } } '

GRAPH_DEF_CASES.update({
    # a valid graph, so that the cases below fail for their one defect
    "valid_add": (_const("a") + _const("b") + _ADD % _T_FLOAT, ""),
    "missing_T": (_const("a") + _const("b") + _ADD % "", ""),
    "missing_T_under_scope": (_const("a") + _const("b") + _ADD % "", "import"),
    "missing_SrcT_and_DstT": (_const("a") + 'node { name: "c" op: "Cast" input: "a" }\n', ""),
    "missing_dtype_placeholder": ('node { name: "p" op: "Placeholder" }\n', ""),
    "missing_N": (_const("a") + 'node { name: "n" op: "AddN" input: "a" input: "a" ' + _T_FLOAT + '}\n', ""),
    "int_into_float_T": (_int("a") + _const("b") + _ADD % _T_FLOAT, ""),
    "int_into_second_input": (_const("a") + _int("b") + _ADD % _T_FLOAT, ""),
    "int_into_float_under_scope": (_int("a") + _const("b") + _ADD % _T_FLOAT, "import"),
    "float_into_int_SrcT": (_const("a") + 'node { name: "c" op: "Cast" input: "a" attr { key: "SrcT" value { '
                            'type: DT_INT32 } } attr { key: "DstT" value { type: DT_FLOAT } } }\n', ""),
    "float_into_int32_fixed_Tidx": (_const("a") + 'node { name: "s" op: "Sum" input: "a" input: "a" ' + _T_FLOAT
                                    + 'attr { key: "Tidx" value { type: DT_INT32 } } }\n', ""),
    "addn_list_member": (_const("a") + _int("b") + 'node { name: "n" op: "AddN" input: "a" input: "b" ' + _T_FLOAT
                         + 'attr { key: "N" value { i: 2 } } }\n', ""),
    "identity_n_type_list": (_const("a") + 'node { name: "n" op: "IdentityN" input: "a" input: "a" attr { key: "T" '
                             'value { list { type: DT_FLOAT type: DT_INT32 } } } }\n', ""),
    "assert_condition_is_bool": (_const("a") + 'node { name: "as" op: "Assert" input: "a" input: "a" attr { key: "T"'
                                 ' value { list { type: DT_FLOAT } } } }\n', ""),
    "assign_needs_a_reference": (_const("a") + 'node { name: "as" op: "Assign" input: "a" input: "a" ' + _T_FLOAT
                                 + '}\n', ""),
    "identity_with_two_inputs": (_const("a") + 'node { name: "i" op: "Identity" input: "a" input: "a" ' + _T_FLOAT
                                 + '}\n', "import"),
    "addn_fewer_inputs_than_N": (_const("a") + 'node { name: "n" op: "AddN" input: "a" input: "a" ' + _T_FLOAT
                                 + 'attr { key: "N" value { i: 3 } } }\n', ""),
    "placeholder_dim_minus_2": (_placeholder("p", "dim { size: -2 }"), ""),
    "placeholder_second_dim_minus_5": (_placeholder("p", "dim { size: -1 } dim { size: -5 }"), ""),
    "placeholder_most_negative_dim": (_placeholder("p", "dim { size: 3 } dim { size: -9223372036854775807 }"), ""),
    "placeholder_unknown_rank_with_dims": (_placeholder("p", "unknown_rank: true dim { size: 2 }"), ""),
    "placeholder_with_default_dim": (_const("a") + 'node { name: "p" op: "PlaceholderWithDefault" input: "a" attr '
                                     '{ key: "dtype" value { type: DT_FLOAT } } attr { key: "shape" value { shape '
                                     '{ dim { size: -2 } } } } }\n', ""),
    "variable_dim_minus_7": ('node { name: "v" op: "VariableV2" attr { key: "dtype" value { type: DT_FLOAT } } '
                             'attr { key: "shape" value { shape { dim { size: -7 } } } } }\n', ""),
    "output_shapes_dim": ('node { name: "a" op: "Const" attr { key: "_output_shapes" value { list { shape { dim { '
                          'size: -2 } } } } } attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "value" '
                          'value { tensor { dtype: DT_FLOAT tensor_shape {} float_val: 1 } } } }\n', ""),
    "bad_dims_before_missing_attr": (_placeholder("p", "dim { size: -2 }")
                                     + 'node { name: "i" op: "Identity" input: "p" }\n', ""),
    "unknown_op_types": ('node { name: "p" op: "Foo" } node { name: "q" op: "Bar" } node { name: "r" op: "Foo" }\n',
                         ""),
    "unknown_op_before_missing_attr": (_const("a") + 'node { name: "p" op: "Foo" input: "a" } node { name: "q" op: '
                                       '"AddV2" }\n', ""),
    "stripped_default_Tidx": (_const("a", value="tensor_shape { dim { size: 2 } } float_val: 1 float_val: 5")
                              + _const("i", "DT_INT32", "tensor_shape {} int_val: 0")
                              + 'node { name: "s" op: "Sum" input: "a" input: "i" ' + _T_FLOAT + '}\n', ""),
    # op types of the special-function, FFT, quantization and session-handle families
    "bessel_missing_T": (_const("a") + 'node { name: "b" op: "BesselI0e" input: "a" }\n', ""),
    "igamma_int_into_float": (_const("a") + _int("x") + 'node { name: "g" op: "Igamma" input: "a" input: "x" '
                              + _T_FLOAT + '}\n', ""),
    "betainc_two_inputs": (_const("a") + 'node { name: "b" op: "Betainc" input: "a" input: "a" ' + _T_FLOAT
                           + '}\n', ""),
    "fft_of_a_float": (_const("a") + 'node { name: "f" op: "FFT" input: "a" attr { key: "Tcomplex" value { type: '
                       'DT_COMPLEX64 } } }\n', ""),
    "quantize_v2_missing_T": (_const("a") + 'node { name: "q" op: "QuantizeV2" input: "a" input: "a" input: "a" }\n',
                              ""),
    "session_handle_missing_T": (_const("a") + 'node { name: "h" op: "GetSessionHandle" input: "a" }\n', ""),
    "lu_int_input": (_int("a") + 'node { name: "lu" op: "Lu" input: "a" ' + _T_FLOAT + '}\n', ""),
})


def event_file_cases(data: bytes) -> dict:
    """name -> the bytes of a damaged copy of the event file `data` (at least three records)."""
    first = 12 + struct.unpack("<Q", data[:8])[0] + 4
    second = struct.unpack("<Q", data[first:first + 8])[0]

    def flipped(position):
        out = bytearray(data)
        out[position] ^= 0xFF
        return bytes(out)

    return {
        "whole": data,
        "empty": b"",
        "cut_in_first_header": data[:5],
        "cut_in_second_header": data[:first + 5],
        "cut_in_second_data": data[:first + 15],
        "cut_in_second_footer": data[:first + 12 + second + 2],
        "cut_in_last_record": data[:-7],
        "second_length_flipped": flipped(first + 2),
        "second_length_crc_flipped": flipped(first + 9),
        "second_data_flipped": flipped(first + 15),
        "last_footer_flipped": flipped(len(data) - 1),
    }
