package record

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// JSON is the form of a record that SQL tools read: the node stores it
// next to the protobuf bytes so that the sqlite3 shell, or a
// spreadsheet's SQLite connector, can reach every field with
// json_extract. It is protojson with the proto field names, except where
// protojson would make SQL awkward: enums are the short names officers
// read and type ("urban_planning", not "SECTOR_URBAN_PLANNING"), and
// 64-bit integers are numbers, not strings. Fields at their zero value
// are left out, as protojson does, so they read as NULL. Timestamps are
// RFC 3339 in UTC; map keys are sorted, so equal records give equal text.
//
// It is a reading copy only: nothing decodes it, and records are still
// signed and shared as protobuf.
func JSON(m proto.Message) []byte {
	return appendMessage(make([]byte, 0, 512), m.ProtoReflect())
}

const timestampName = "google.protobuf.Timestamp"

func appendMessage(b []byte, m protoreflect.Message) []byte {
	md := m.Descriptor()
	if md.FullName() == timestampName {
		return appendTimestamp(b, m)
	}
	b = append(b, '{')
	fields := md.Fields()
	first := true
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if !m.Has(fd) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendString(b, string(fd.Name()))
		b = append(b, ':')
		v := m.Get(fd)
		switch {
		case fd.IsList():
			b = appendList(b, fd, v.List())
		case fd.IsMap():
			b = appendMap(b, fd, v.Map())
		default:
			b = appendValue(b, fd, v)
		}
	}
	return append(b, '}')
}

func appendList(b []byte, fd protoreflect.FieldDescriptor, l protoreflect.List) []byte {
	b = append(b, '[')
	for i := 0; i < l.Len(); i++ {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendValue(b, fd, l.Get(i))
	}
	return append(b, ']')
}

func appendMap(b []byte, fd protoreflect.FieldDescriptor, mp protoreflect.Map) []byte {
	keys := make([]protoreflect.MapKey, 0, mp.Len())
	mp.Range(func(k protoreflect.MapKey, _ protoreflect.Value) bool {
		keys = append(keys, k)
		return true
	})
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k.String())
		b = append(b, ':')
		b = appendValue(b, fd.MapValue(), mp.Get(k))
	}
	return append(b, '}')
}

// appendValue writes one value of fd's type (a list's element, a map's
// value, or a singular field).
func appendValue(b []byte, fd protoreflect.FieldDescriptor, v protoreflect.Value) []byte {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return strconv.AppendBool(b, v.Bool())
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return strconv.AppendInt(b, v.Int(), 10)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind, protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return strconv.AppendUint(b, v.Uint(), 10)
	case protoreflect.FloatKind:
		return appendFloat(b, v.Float(), 32)
	case protoreflect.DoubleKind:
		return appendFloat(b, v.Float(), 64)
	case protoreflect.StringKind:
		return appendString(b, v.String())
	case protoreflect.BytesKind:
		return appendString(b, base64.StdEncoding.EncodeToString(v.Bytes()))
	case protoreflect.EnumKind:
		return appendString(b, shortName(fd.Enum(), v.Enum()))
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return appendMessage(b, v.Message())
	}
	panic(fmt.Sprintf("record.JSON: field %s has unhandled kind %v", fd.FullName(), fd.Kind()))
}

// appendFloat writes NaN and the infinities as protojson does, as
// strings: JSON has no numbers for them.
func appendFloat(b []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, `"NaN"`...)
	case math.IsInf(f, 1):
		return append(b, `"Infinity"`...)
	case math.IsInf(f, -1):
		return append(b, `"-Infinity"`...)
	}
	return strconv.AppendFloat(b, f, 'g', -1, bits)
}

func appendTimestamp(b []byte, m protoreflect.Message) []byte {
	fields := m.Descriptor().Fields()
	secs := m.Get(fields.ByName("seconds")).Int()
	nanos := m.Get(fields.ByName("nanos")).Int()
	t := time.Unix(secs, nanos).UTC()
	return appendString(b, t.Format(time.RFC3339Nano))
}

// appendString writes s as a JSON string, escaped by encoding/json but
// for <, > and &, which it leaves as they are: the text is read in a
// terminal or a spreadsheet, not a page.
func appendString(b []byte, s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(fmt.Sprintf("record.JSON: a string does not encode: %v", err)) // a Go string always does
	}
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}
