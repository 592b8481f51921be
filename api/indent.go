package api

import "bytes"

// indentStep is the indent of one nesting level, as the CLI's -o json and
// the HTTP API write it (json.Encoder.SetIndent("", "  ")).
const indentStep = "  "

// spaces is the indent of 32 levels; deeper levels take it more than once.
const spaces = "                                                                "

// appendIndent appends to dst the valid JSON value src indented as
//
//	json.Indent(dst, src, prefix, "  ")
//
// does, byte for byte, where prefix is depth indents: the value as it
// reads depth levels deep in an indented document. Insignificant space is
// dropped (except after the value, which is kept), members read
// "key": value, one element per line, and empty objects and arrays are
// written as {} and []. String contents are copied as they are, so
// escaping (HTML escaping too) stays the encoder's.
//
// Unlike json.Indent it does not check src: it must be valid JSON, as
// json.Marshal and json.Encoder write it. In return it runs in one pass
// over runs of bytes instead of a scanner step per byte.
func appendIndent(dst, src []byte, depth int) []byte {
	// depth is the indent level, the prefix's included
	nest := 0           // open objects and arrays
	needIndent := false // after { or [: the newline waits for the first element
	wrote := false      // something of the value has been written
	run := 0            // start of the pending run of string and literal bytes
	for i := 0; i < len(src); i++ {
		c := src[i]
		if !structural[c] {
			continue // a literal's byte joins the run
		}
		if c == '"' {
			i = stringEnd(src, i) // the string joins the run
			continue
		}
		// Write the run before the punctuation, after the newline an open
		// { or [ holds back.
		if run < i {
			if needIndent {
				needIndent = false
				depth++
				dst = appendNewline(dst, depth)
			}
			dst = append(dst, src[run:i]...)
			wrote = true
		}
		run = i + 1
		switch c {
		case '{', '[':
			if needIndent {
				depth++
				dst = appendNewline(dst, depth)
			}
			dst = append(dst, c)
			needIndent, nest, wrote = true, nest+1, true
		case '}', ']':
			if needIndent {
				needIndent = false // empty: {} or []
			} else {
				depth--
				dst = appendNewline(dst, depth)
			}
			dst = append(dst, c)
			nest--
		case ',':
			dst = append(dst, ',')
			dst = appendNewline(dst, depth)
		case ':':
			dst = append(dst, ':', ' ')
		default: // space
			if nest == 0 && wrote {
				dst = append(dst, c) // space after the value is kept
			}
		}
	}
	if run < len(src) {
		dst = append(dst, src[run:]...) // a literal or string at the top level
	}
	return dst
}

// structural marks the bytes that end a run of literal bytes: punctuation,
// space and the quote that starts a string.
var structural = [256]bool{'"': true, '{': true, '[': true, '}': true, ']': true, ',': true, ':': true, ' ': true, '\t': true, '\n': true, '\r': true}

// stringEnd returns the index of the quote that closes the string starting
// at src[start] (len(src) if none does).
func stringEnd(src []byte, start int) int {
	i := start + 1
	for {
		j := bytes.IndexByte(src[i:], '"')
		if j < 0 {
			return len(src)
		}
		i += j
		// The quote is escaped if an odd number of backslashes precede it
		// (the opening quote stops the count).
		k := i - 1
		for src[k] == '\\' {
			k--
		}
		if (i-1-k)%2 == 0 {
			return i
		}
		i++
	}
}

// appendNewline appends a newline and the indent of depth levels.
func appendNewline(dst []byte, depth int) []byte {
	dst = append(dst, '\n')
	for n := depth * len(indentStep); n > 0; {
		k := min(n, len(spaces))
		dst = append(dst, spaces[:k]...)
		n -= k
	}
	return dst
}
