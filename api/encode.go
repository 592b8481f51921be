package api

import (
	"encoding"
	"encoding/json"
	"io"
	"reflect"
	"sync"

	"github.com/pgarch/pgarch/calibration"
)

// WriteJSON writes v as every JSON face of pgarch does, the API's bodies
// and the CLI's -o json: as json.Encoder with SetIndent("", "  ") does
// (HTML-escaped, indented by two spaces, a newline after the value), byte
// for byte, at a fraction of its cost:
//
//   - a struct whose JSON is plainly its fields (jsonFields: every
//     response) is written field by field, each field's compact JSON from
//     encoding/json indented one level deep;
//   - its calibration.Profile (15.6 KB of an evaluation's 35 KB compact
//     JSON, with the sources) comes ready indented from a cache keyed by
//     the profile's value (profileJSON), not encoded per request;
//   - the indentation is one pass of appendIndent, instead of
//     json.Indent's scanner step per byte;
//   - the buffers are reused across requests.
func WriteJSON(w io.Writer, v any) error {
	b := jsonBufferPool.Get().(*jsonBuffer)
	defer b.release()
	if err := b.appendIndented(v); err != nil {
		return err
	}
	_, err := w.Write(b.indented)
	return err
}

// jsonBuffer holds WriteJSON's buffers, reused through jsonBufferPool. As an
// io.Writer it appends to compact, for json.Encoder.
type jsonBuffer struct {
	compact, indented []byte
	enc               *json.Encoder
}

var jsonBufferPool = sync.Pool{New: func() any {
	b := new(jsonBuffer)
	b.enc = json.NewEncoder(b)
	return b
}}

// maxPooledJSON is the largest buffer kept for reuse (a sweep's JSON can
// be megabytes; an evaluation's is about 55 KB).
const maxPooledJSON = 1 << 20

func (b *jsonBuffer) Write(p []byte) (int, error) {
	b.compact = append(b.compact, p...)
	return len(p), nil
}

// release returns b to the pool unless its buffers grew too large.
func (b *jsonBuffer) release() {
	if cap(b.compact) > maxPooledJSON || cap(b.indented) > maxPooledJSON {
		return
	}
	b.compact, b.indented = b.compact[:0], b.indented[:0]
	jsonBufferPool.Put(b)
}

// encode sets b.compact to v's compact JSON, as json.Marshal writes it.
func (b *jsonBuffer) encode(v any) error {
	b.compact = b.compact[:0]
	if err := b.enc.Encode(v); err != nil {
		return err
	}
	b.compact = b.compact[:len(b.compact)-1] // the newline Encode adds
	return nil
}

// appendIndented appends v to b.indented as WriteJSON writes it.
func (b *jsonBuffer) appendIndented(v any) error {
	rv := reflect.ValueOf(v)
	var fields []jsonField
	ok := false
	if rv.IsValid() { // v is not nil
		fields, ok = jsonFields(rv.Type())
	}
	if !ok {
		if err := b.encode(v); err != nil {
			return err
		}
		b.indented = append(appendIndent(b.indented, b.compact, 0), '\n')
		return nil
	}
	if len(fields) == 0 {
		b.indented = append(b.indented, "{}\n"...)
		return nil
	}
	// {"a":1,"b":{…}} indented reads {⏎  "a": 1,⏎  "b": {…}⏎}
	b.indented = append(b.indented, '{')
	for i, f := range fields {
		if i > 0 {
			b.indented = append(b.indented, ',')
		}
		b.indented = append(b.indented, "\n"+indentStep...)
		b.indented = append(b.indented, f.key...)
		fv := rv.Field(f.index)
		if f.profile {
			p, err := profileJSON(fv.Interface().(calibration.Profile))
			if err != nil {
				return err
			}
			b.indented = append(b.indented, p...)
			continue
		}
		if err := b.encode(fv.Interface()); err != nil {
			return err
		}
		b.indented = appendIndent(b.indented, b.compact, 1)
	}
	b.indented = append(b.indented, "\n}\n"...)
	return nil
}

// jsonField is a top-level field of a struct that jsonFields accepts.
type jsonField struct {
	index   int
	key     string // "name": (with the space indented JSON has)
	profile bool   // a calibration.Profile
}

var (
	jsonFieldsCache sync.Map // reflect.Type → []jsonField, or nil if not accepted
	profileType     = reflect.TypeFor[calibration.Profile]()
)

// jsonFields returns the JSON fields of t, in order, if encoding/json
// writes a t value as {"name":value,…} over its exported fields in
// declaration order: t is a struct that is not itself a json.Marshaler or
// encoding.TextMarshaler, and every exported field is named by a plain
// tag (`json:"name"`, letters, digits, _ and -, no options), not embedded.
// Fields tagged `json:"-"` and unexported fields are left out, as
// encoding/json leaves them out. For any other type ok is false.
func jsonFields(t reflect.Type) (fields []jsonField, ok bool) {
	if f, ok := jsonFieldsCache.Load(t); ok {
		fields := f.([]jsonField)
		return fields, fields != nil
	}
	fields = plainJSONFields(t)
	jsonFieldsCache.Store(t, fields)
	return fields, fields != nil
}

func plainJSONFields(t reflect.Type) []jsonField {
	marshaler := reflect.TypeFor[json.Marshaler]()
	textMarshaler := reflect.TypeFor[encoding.TextMarshaler]()
	if t.Kind() != reflect.Struct || t.Implements(marshaler) || reflect.PointerTo(t).Implements(marshaler) ||
		t.Implements(textMarshaler) || reflect.PointerTo(t).Implements(textMarshaler) {
		return nil
	}
	fields := []jsonField{}
	seen := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			return nil
		}
		if !f.IsExported() {
			continue
		}
		name := f.Tag.Get("json")
		if name == "-" {
			continue
		}
		if !plainName(name) || seen[name] {
			return nil
		}
		seen[name] = true
		fields = append(fields, jsonField{index: i, key: `"` + name + `": `, profile: f.Type == profileType})
	}
	return fields
}

// plainName reports whether a tag is a bare name that JSON writes as it
// is: no options, nothing to escape.
func plainName(name string) bool {
	for _, c := range name {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return name != ""
}

// profileJSONs caches profiles' JSON by their keys (appendKey): 64
// profiles, 4 MiB. Requests mostly name a few built-in profiles with a
// few overrides, so a small cache holds them.
var profileJSONs = newLRU[[]byte](64, 4<<20)

// profileJSON returns p's JSON as WriteJSON writes it for a top-level
// field: json.Marshal(p) indented one level deep. It comes from a cache
// keyed by p's value; the bytes are shared, so do not change them.
func profileJSON(p calibration.Profile) ([]byte, error) {
	kb := keyBufferPool.Get().(*[]byte)
	key, err := appendKey((*kb)[:0], reflect.ValueOf(p))
	defer func() {
		if cap(key) <= maxPooledJSON {
			*kb = key[:0]
			keyBufferPool.Put(kb)
		}
	}()
	if err == nil {
		if b, ok := profileJSONs.get(key); ok {
			return b, nil
		}
	}
	compact, err2 := json.Marshal(p)
	if err2 != nil {
		return nil, err2
	}
	b := appendIndent(nil, compact, 1)
	if err == nil {
		profileJSONs.add(string(key), b, int64(2*len(key)+len(b)+entryOverhead))
	}
	return b, nil
}
