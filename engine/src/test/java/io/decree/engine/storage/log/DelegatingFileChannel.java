package io.decree.engine.storage.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel that hands every call to a real one, but {@link #force}, which the test channels define
 * ({@link FailingForceChannel} fails it, {@link PowerLossView}'s records what it made durable). Closing it closes
 * the real channel.
 */
abstract class DelegatingFileChannel extends FileChannel {
    protected final FileChannel file;

    DelegatingFileChannel(FileChannel file) { this.file = file; }

    @Override public int read(ByteBuffer dst) throws IOException { return file.read(dst); }

    @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return file.read(dsts, offset, length); }

    @Override public int write(ByteBuffer src) throws IOException { return file.write(src); }

    @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException { return file.write(srcs, offset, length); }

    @Override public long position() throws IOException { return file.position(); }

    @Override public FileChannel position(long newPosition) throws IOException {
        file.position(newPosition);
        return this;
    }

    @Override public long size() throws IOException { return file.size(); }

    @Override public FileChannel truncate(long size) throws IOException {
        file.truncate(size);
        return this;
    }

    @Override public long transferTo(long position, long count, WritableByteChannel target) throws IOException { return file.transferTo(position, count, target); }

    @Override public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException { return file.transferFrom(src, position, count); }

    @Override public int read(ByteBuffer dst, long position) throws IOException { return file.read(dst, position); }

    @Override public int write(ByteBuffer src, long position) throws IOException { return file.write(src, position); }

    @Override public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException { return file.map(mode, position, size); }

    @Override public FileLock lock(long position, long size, boolean shared) throws IOException { return file.lock(position, size, shared); }

    @Override public FileLock tryLock(long position, long size, boolean shared) throws IOException { return file.tryLock(position, size, shared); }

    @Override protected void implCloseChannel() throws IOException { file.close(); }
}
