import tensorflow as tf

# Graph collections: add_to_collection, get_collection with scope filters, get_collection_ref.
with tf.name_scope("a"):
    x = tf.constant(1, name="x")
    y = tf.constant(2, name="y")
with tf.name_scope("ab"):
    z = tf.constant(3, name="z")
w = tf.constant(4, name="w")
tf.add_to_collection("things", x)
tf.add_to_collection("things", z)
tf.add_to_collection("things", w)
tf.add_to_collection("things", x)
tf.add_to_collections(["one", "two"], y)
tf.add_to_collection("misc", "a string")
tf.add_to_collection("misc", 42)
names = lambda xs: [t.name if hasattr(t, "name") else t for t in xs]
print("things:", names(tf.get_collection("things")))
print("scope 'a':", names(tf.get_collection("things", scope="a")))
print("scope 'a/':", names(tf.get_collection("things", scope="a/")))
print("scope regex 'a.*':", names(tf.get_collection("things", scope="a.*")))
print("one, two:", names(tf.get_collection("one")), names(tf.get_collection("two")))
print("misc (no name filter):", tf.get_collection("misc"))
print("misc with scope:", tf.get_collection("misc", scope="a"))
print("missing:", tf.get_collection("nope"))
ref = tf.get_collection_ref("things")
ref.append(y)
print("after ref append:", names(tf.get_collection("things")))
copy = tf.get_collection("things")
copy.append(w)
print("get_collection returns a copy:", len(tf.get_collection("things")))
print("keys:", sorted(tf.get_default_graph().get_all_collection_keys()))
tf.get_default_graph().clear_collection("misc")
print("cleared:", tf.get_collection("misc"))
