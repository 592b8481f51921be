package api

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sync"
)

// errNoKey reports a value appendKey cannot encode: a function, channel,
// interface or unsafe pointer, or nesting deeper than maxKeyDepth (a cycle).
var errNoKey = errors.New("api: value has no cache key")

// maxKeyDepth bounds appendKey's recursion, so that a cyclic value fails
// instead of recursing forever.
const maxKeyDepth = 64

// appendKey appends to dst a binary encoding of v, a cache key: two values
// of one type have the same encoding exactly when they are deeply equal
// (as reflect.DeepEqual compares them, except that floats compare by
// their bits, so -0 differs from 0 and a NaN equals itself). Every field
// counts, exported or not, and nil differs from empty; map entries are
// sorted, so the encoding does not depend on iteration order. A pure
// function of v therefore has one result per encoding.
//
// The encoding is self-delimiting: each string, slice and map carries its
// length, so the encodings of two different values never coincide.
func appendKey(dst []byte, v reflect.Value) ([]byte, error) {
	return appendKeyDepth(dst, v, 0)
}

func appendKeyDepth(dst []byte, v reflect.Value, depth int) ([]byte, error) {
	if depth > maxKeyDepth {
		return dst, fmt.Errorf("%w: nested over %d levels", errNoKey, maxKeyDepth)
	}
	depth++
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			return append(dst, 1), nil
		}
		return append(dst, 0), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return binary.LittleEndian.AppendUint64(dst, uint64(v.Int())), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return binary.LittleEndian.AppendUint64(dst, v.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return binary.LittleEndian.AppendUint64(dst, math.Float64bits(v.Float())), nil
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(real(c)))
		return binary.LittleEndian.AppendUint64(dst, math.Float64bits(imag(c))), nil
	case reflect.String:
		dst = binary.AppendUvarint(dst, uint64(v.Len()))
		return append(dst, v.String()...), nil
	case reflect.Pointer:
		if v.IsNil() {
			return append(dst, 0), nil
		}
		return appendKeyDepth(append(dst, 1), v.Elem(), depth)
	case reflect.Struct:
		var err error
		for i := range v.NumField() {
			if dst, err = appendKeyDepth(dst, v.Field(i), depth); err != nil {
				return dst, err
			}
		}
		return dst, nil
	case reflect.Array:
		var err error
		for i := range v.Len() {
			if dst, err = appendKeyDepth(dst, v.Index(i), depth); err != nil {
				return dst, err
			}
		}
		return dst, nil
	case reflect.Slice:
		if v.IsNil() {
			return append(dst, 0), nil
		}
		dst = binary.AppendUvarint(append(dst, 1), uint64(v.Len()))
		var err error
		for i := range v.Len() {
			if dst, err = appendKeyDepth(dst, v.Index(i), depth); err != nil {
				return dst, err
			}
		}
		return dst, nil
	case reflect.Map:
		return appendMapKey(dst, v, depth)
	}
	return dst, fmt.Errorf("%w: %s", errNoKey, v.Type())
}

// keyBufferPool holds the buffers cache keys are encoded into (a key is
// 13 KB or more: the profile's sources are part of it).
var keyBufferPool = sync.Pool{New: func() any { return new([]byte) }}

// mapScratch is appendMapKey's scratch space, reused through
// mapScratchPool: a profile's sources take 13 KB, and allocating that
// afresh (zeroed) per request costs more than encoding it.
type mapScratch struct {
	buf   []byte
	spans []keySpan
}

// keySpan is where a map entry's encoding lies in mapScratch.buf.
type keySpan struct{ start, keyEnd, end int }

var mapScratchPool = sync.Pool{New: func() any { return new(mapScratch) }}

// appendMapKey encodes a map's entries sorted by their keys' encodings:
// each entry is encoded into a scratch buffer as it comes, then the
// encodings are appended in order.
func appendMapKey(dst []byte, v reflect.Value, depth int) ([]byte, error) {
	if v.IsNil() {
		return append(dst, 0), nil
	}
	dst = binary.AppendUvarint(append(dst, 1), uint64(v.Len()))
	if v.CanInterface() {
		if m, ok := v.Interface().(map[string]string); ok {
			return appendStringMapKey(dst, m), nil // a profile's sources
		}
	}
	sc := mapScratchPool.Get().(*mapScratch)
	scratch, spans := sc.buf[:0], sc.spans[:0]
	defer func() {
		if cap(scratch) <= maxPooledJSON {
			sc.buf, sc.spans = scratch[:0], spans[:0]
			mapScratchPool.Put(sc)
		}
	}()
	var err error
	it := v.MapRange()
	// Reusable key and value, unless the map comes from an unexported
	// field, which SetIterKey refuses (it.Key allocates instead).
	var key, val reflect.Value
	reuse := v.CanInterface()
	if reuse {
		key, val = reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
	}
	for it.Next() {
		if reuse {
			key.SetIterKey(it)
			val.SetIterValue(it)
		} else {
			key, val = it.Key(), it.Value()
		}
		sp := keySpan{start: len(scratch)}
		if scratch, err = appendKeyDepth(scratch, key, depth); err != nil {
			return dst, err
		}
		sp.keyEnd = len(scratch)
		if scratch, err = appendKeyDepth(scratch, val, depth); err != nil {
			return dst, err
		}
		sp.end = len(scratch)
		spans = append(spans, sp)
	}
	slices.SortFunc(spans, func(a, b keySpan) int {
		return bytes.Compare(scratch[a.start:a.keyEnd], scratch[b.start:b.keyEnd])
	})
	for _, sp := range spans {
		dst = append(dst, scratch[sp.start:sp.end]...)
	}
	return dst, nil
}

// appendStringMapKey encodes a map[string]string without reflection, its
// entries sorted by key. (Only this type takes this path, so its keys are
// still one encoding per value.)
func appendStringMapKey(dst []byte, m map[string]string) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		dst = append(binary.AppendUvarint(dst, uint64(len(k))), k...)
		dst = append(binary.AppendUvarint(dst, uint64(len(m[k]))), m[k]...)
	}
	return dst
}
