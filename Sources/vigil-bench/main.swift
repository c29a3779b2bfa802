print("vigil-bench: not built yet")
