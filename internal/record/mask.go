package record

import (
	"fmt"
	"strings"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// ApplyUpdate copies into dst the fields of src an update names: the paths
// of the mask ("title", "contact.email"), or every client-owned field when
// the mask is empty. The node-owned fields of dst are left alone. A path
// that names no field, or a node-owned one, is an error naming the path.
func ApplyUpdate(dst, src proto.Message, paths []string) error {
	d, s := dst.ProtoReflect(), src.ProtoReflect()
	if d.Descriptor() != s.Descriptor() {
		return fmt.Errorf("update of %s with %s", d.Descriptor().FullName(), s.Descriptor().FullName())
	}
	if len(paths) == 0 {
		fields := d.Descriptor().Fields()
		for i := 0; i < fields.Len(); i++ {
			if fd := fields.Get(i); !serverOwned[string(fd.Name())] {
				copyField(d, s, fd)
			}
		}
	}
	for _, p := range paths {
		if err := applyPath(d, s, p); err != nil {
			return err
		}
	}
	// A translation of a part the update removed (a plan's goal) goes
	// with it, so that removing a goal is never refused for its
	// translation.
	if in, err := Of(dst); err == nil && in.texts != nil {
		in.texts(dst).prune()
	}
	return nil
}

// CheckMask reports the first path of an update mask that ApplyUpdate
// would refuse for messages like m, before anything is read or written.
func CheckMask(m proto.Message, paths []string) error {
	scratch := m.ProtoReflect().New()
	for _, p := range paths {
		if err := applyPath(scratch, m.ProtoReflect(), p); err != nil {
			return err
		}
	}
	return nil
}

func applyPath(d, s protoreflect.Message, path string) error {
	parts := strings.Split(path, ".")
	if serverOwned[parts[0]] {
		return fmt.Errorf("%q is set by the node and cannot be updated", path)
	}
	for i, name := range parts {
		fd := d.Descriptor().Fields().ByName(protoreflect.Name(name))
		if fd == nil {
			return fmt.Errorf("%q names no field of %s", path, d.Descriptor().Name())
		}
		if i == len(parts)-1 {
			copyField(d, s, fd)
			return nil
		}
		if fd.Kind() != protoreflect.MessageKind || fd.IsList() || fd.IsMap() {
			return fmt.Errorf("%q goes inside %s, which is not a message", path, name)
		}
		if !s.Has(fd) {
			// The source has nothing below here: clear the leaf by
			// walking an empty message.
			s = s.Get(fd).Message().Type().New()
		} else {
			s = s.Get(fd).Message()
		}
		d = d.Mutable(fd).Message()
	}
	return nil
}

func copyField(d, s protoreflect.Message, fd protoreflect.FieldDescriptor) {
	if !s.Has(fd) {
		d.Clear(fd)
		return
	}
	switch {
	case fd.IsList(), fd.IsMap(), fd.Kind() == protoreflect.MessageKind:
		// Copy, so dst never shares mutable parts with src.
		tmp := s.Interface()
		clone := proto.Clone(tmp).ProtoReflect()
		d.Set(fd, clone.Get(fd))
	default:
		d.Set(fd, s.Get(fd))
	}
}
