package record

import (
	"fmt"
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// Enum is a generated protobuf enum type of the vocabulary.
type Enum interface {
	~int32
	protoreflect.Enum
}

// enumPrefix is the upper-case prefix every value of the enum carries,
// derived from its zero value ("SECTOR_" from SECTOR_UNSPECIFIED).
func enumPrefix(ed protoreflect.EnumDescriptor) string {
	zero := string(ed.Values().ByNumber(0).Name())
	return strings.TrimSuffix(zero, "UNSPECIFIED")
}

// ShortName is the lower-case form officers read and type: "urban_planning"
// for SECTOR_URBAN_PLANNING. The zero value's short name is "".
func ShortName(e protoreflect.Enum) string {
	return shortName(e.Descriptor(), e.Number())
}

func shortName(ed protoreflect.EnumDescriptor, n protoreflect.EnumNumber) string {
	if n == 0 {
		return ""
	}
	v := ed.Values().ByNumber(n)
	if v == nil {
		return fmt.Sprint(int32(n))
	}
	return strings.ToLower(strings.TrimPrefix(string(v.Name()), enumPrefix(ed)))
}

// ShortNames lists the short names of every non-zero value, in number order.
func ShortNames(ed protoreflect.EnumDescriptor) []string {
	var out []string
	for i := 0; i < ed.Values().Len(); i++ {
		if n := ed.Values().Get(i).Number(); n != 0 {
			out = append(out, shortName(ed, n))
		}
	}
	return out
}

// ParseEnum reads a value in short form, ignoring case and treating spaces
// and hyphens as underscores ("Urban planning", "urban-planning"), or in its
// full protobuf name. The empty string is the zero value.
func ParseEnum[E Enum](s string) (E, error) {
	var zero E
	ed := zero.Descriptor()
	n, err := parseEnum(ed, s)
	return E(n), err
}

func parseEnum(ed protoreflect.EnumDescriptor, s string) (protoreflect.EnumNumber, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	norm := strings.ToUpper(strings.NewReplacer(" ", "_", "-", "_").Replace(s))
	prefix := enumPrefix(ed)
	for _, name := range []string{prefix + norm, norm} {
		if v := ed.Values().ByName(protoreflect.Name(name)); v != nil && v.Number() != 0 {
			return v.Number(), nil
		}
	}
	return 0, fmt.Errorf("unknown %s %q (one of: %s)", humanEnumName(ed), s, strings.Join(ShortNames(ed), ", "))
}

// humanEnumName is "partnership level" for PartnershipLevel.
func humanEnumName(ed protoreflect.EnumDescriptor) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSuffix(enumPrefix(ed), "_")), "_", " ")
}

// ParseEnums reads a list of short names; the first bad one is the error.
func ParseEnums[E Enum](items []string) ([]E, error) {
	out := make([]E, 0, len(items))
	for _, s := range items {
		if strings.TrimSpace(s) == "" {
			continue
		}
		e, err := ParseEnum[E](s)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// ShortNamesOf is the short forms of a list of values.
func ShortNamesOf[E Enum](items []E) []string {
	out := make([]string, len(items))
	for i, e := range items {
		out[i] = ShortName(e)
	}
	return out
}

// ParseEnumDescriptor is ParseEnum for an enum known only by descriptor.
func ParseEnumDescriptor(ed protoreflect.EnumDescriptor, s string) (protoreflect.EnumNumber, error) {
	return parseEnum(ed, s)
}
