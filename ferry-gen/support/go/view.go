// ferryBool, for packages that pass bools (emit_go.c: go_bool_helper).

package support

// ferry-gen:begin go_bool_helper

func ferryBool(b bool) uintptr {
	if b {
		return 1
	}
	return 0
}

// ferry-gen:end
