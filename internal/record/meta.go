package record

import (
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Every record message carries these fields under these names and numbers
// 1–5; the node owns them, clients only choose the visibility.
const (
	fieldID         = "id"
	fieldVersion    = "version"
	fieldCreateTime = "create_time"
	fieldUpdateTime = "update_time"
	fieldVisibility = "visibility"
)

// serverOwned are the fields a client cannot set.
var serverOwned = map[string]bool{fieldID: true, fieldVersion: true, fieldCreateTime: true, fieldUpdateTime: true}

// Meta is the common part of every record.
type Meta struct {
	ID         string
	Version    int64
	CreateTime time.Time
	UpdateTime time.Time
	Visibility hcnetv1.Visibility
}

func field(m protoreflect.Message, name string) protoreflect.FieldDescriptor {
	return m.Descriptor().Fields().ByName(protoreflect.Name(name))
}

// GetMeta reads the common fields of a record.
func GetMeta(m proto.Message) Meta {
	r := m.ProtoReflect()
	meta := Meta{
		ID:         r.Get(field(r, fieldID)).String(),
		Version:    r.Get(field(r, fieldVersion)).Int(),
		Visibility: hcnetv1.Visibility(r.Get(field(r, fieldVisibility)).Enum()),
	}
	if r.Has(field(r, fieldCreateTime)) {
		meta.CreateTime = r.Get(field(r, fieldCreateTime)).Message().Interface().(*timestamppb.Timestamp).AsTime()
	}
	if r.Has(field(r, fieldUpdateTime)) {
		meta.UpdateTime = r.Get(field(r, fieldUpdateTime)).Message().Interface().(*timestamppb.Timestamp).AsTime()
	}
	return meta
}

// SetMeta writes the node-owned fields (not the visibility, which is the
// client's choice).
func SetMeta(m proto.Message, meta Meta) {
	r := m.ProtoReflect()
	r.Set(field(r, fieldID), protoreflect.ValueOfString(meta.ID))
	r.Set(field(r, fieldVersion), protoreflect.ValueOfInt64(meta.Version))
	setTime(r, fieldCreateTime, meta.CreateTime)
	setTime(r, fieldUpdateTime, meta.UpdateTime)
}

func setTime(r protoreflect.Message, name string, t time.Time) {
	if t.IsZero() {
		r.Clear(field(r, name))
		return
	}
	r.Set(field(r, name), protoreflect.ValueOfMessage(timestamppb.New(t).ProtoReflect()))
}
